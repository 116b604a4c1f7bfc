// mlpStep(sizes, hyper, params, m, v, rows, features, labels, extraFeatures, extraTargets,
//         sampleWeights, teacherProbabilities, teacherNegEntropy) → batch loss
//   sizes Int32Array [inputs, hidden…, classes]; hyper Float64Array [activation, lr, β1, β2, ε,
//   1-β1ᵗ, 1-β2ᵗ, weightDecay, τ, α]; params/m/v Float32Array updated in place; rows Int32Array;
//   the optional arrays are null when absent (extra rows, sample weights, KD).
// mlpProbabilities(sizes, activation, params, features, count, out): softmax outputs.
// mlpLayers(sizes, activation, params, features, count, outs): outs[l] gets layer l's outputs
//   (after its activation; the logits, without softmax, for the last), one Float32Array per layer.
// Every length is checked here, so a wrong call throws instead of reading outside a buffer.
#include "fused-mlp-addon.h"

#include <string>
#include <vector>

#include "fused-mlp.h"
#include "napi-args.h"

namespace mh {

namespace {

// Reads sizes into shape and checks that params holds the network's weights.
bool read_shape(napi_env env, napi_value sizes_value, int64_t activation, MlpShape *shape, View<int32_t> *sizes) {
  if (!typed(env, sizes_value, napi_int32_array, "sizes", sizes)) return false;
  if (!need(env, sizes->length >= 2, "sizes needs inputs and classes")) return false;
  for (int64_t i = 0; i < sizes->length; i++)
    if (!need(env, sizes->data[i] > 0, "every layer width must be positive")) return false;
  if (!need(env, activation >= 0 && activation <= 3, "unknown activation")) return false;
  *shape = MlpShape{sizes->length - 1, sizes->data, MlpActivation(activation)};
  return true;
}

}  // namespace

napi_value FusedMlpStep(napi_env env, napi_callback_info info) {
  napi_value argv[13];
  if (!read_args(env, info, 13, argv, "mlpStep")) return nullptr;
  View<int32_t> sizes, rows, labels;
  View<double> hyper;
  View<float> params, m, v, features, extra_features, extra_targets, weights, teacher, neg_entropy;
  if (!typed(env, argv[1], napi_float64_array, "hyper", &hyper) ||
      !need(env, hyper.length == 10, "hyper needs 10 values"))
    return nullptr;
  MlpShape shape;
  if (!read_shape(env, argv[0], int64_t(hyper.data[0]), &shape, &sizes)) return nullptr;
  const int64_t n_params = mlp_param_count(shape), inputs = sizes.data[0], classes = sizes.data[shape.layers];
  if (!typed(env, argv[2], napi_float32_array, "params", &params) ||
      !typed(env, argv[3], napi_float32_array, "adam m", &m) || !typed(env, argv[4], napi_float32_array, "adam v", &v) ||
      !need(env, params.length == n_params && m.length == n_params && v.length == n_params,
            "params, m and v must hold the network's weights") ||
      !typed(env, argv[5], napi_int32_array, "rows", &rows) || !need(env, rows.length > 0, "a batch needs rows") ||
      !typed(env, argv[6], napi_float32_array, "features", &features) ||
      !typed(env, argv[7], napi_int32_array, "labels", &labels) ||
      !need(env, features.length == labels.length * inputs, "features must be labels × inputs") ||
      !typed(env, argv[8], napi_float32_array, "extra features", &extra_features, true) ||
      !typed(env, argv[9], napi_float32_array, "extra targets", &extra_targets, true) ||
      !need(env, extra_features.length * classes == extra_targets.length * inputs,
            "extra features and targets must describe the same rows") ||
      !typed(env, argv[10], napi_float32_array, "sample weights", &weights, true) ||
      !need(env, weights.data == nullptr || weights.length == labels.length, "one sample weight per row") ||
      !typed(env, argv[11], napi_float32_array, "teacher probabilities", &teacher, true) ||
      !typed(env, argv[12], napi_float32_array, "teacher negative entropy", &neg_entropy, true) ||
      !need(env, (teacher.data == nullptr) == (neg_entropy.data == nullptr), "KD needs both teacher arrays") ||
      !need(env, teacher.data == nullptr || (teacher.length == labels.length * classes && neg_entropy.length == labels.length),
            "teacher arrays must cover every split row"))
    return nullptr;
  const int64_t count = labels.length, extra = extra_features.length / inputs;
  for (int64_t i = 0; i < rows.length; i++) {
    const int64_t row = rows.data[i];
    if (!need(env, row >= 0 && row < count + extra && (teacher.data == nullptr || row < count), "row index out of range") ||
        !need(env, row >= count || (labels.data[row] >= 0 && labels.data[row] < classes), "label out of range"))
      return nullptr;
  }
  const double *hp = hyper.data;
  const MlpHyper h{float(hp[1]), float(hp[2]), float(hp[3]), float(hp[4]), float(hp[5]),
                   float(hp[6]), float(hp[7]), float(hp[8]), float(hp[9])};
  const MlpBatch batch{rows.length, rows.data, count, features.data, labels.data, extra_features.data,
                       extra_targets.data, weights.data, teacher.data, neg_entropy.data};
  const double loss = mlp_step(shape, h, batch, params.data, m.data, v.data);
  napi_value result;
  napi_create_double(env, loss, &result);
  return result;
}

namespace {

// The arguments mlpProbabilities and mlpLayers share: (sizes, activation, params, features, count, …).
struct ForwardArgs {
  MlpShape shape;
  View<int32_t> sizes;
  View<float> params, features;
  int64_t rows = 0;
};

bool read_forward_args(napi_env env, const napi_value *argv, const char *name, ForwardArgs *a) {
  double activation = 0, count = 0;
  if (napi_get_value_double(env, argv[1], &activation) != napi_ok || napi_get_value_double(env, argv[4], &count) != napi_ok)
    return throw_error(env, std::string(name) + ": activation and count must be numbers");
  if (!read_shape(env, argv[0], int64_t(activation), &a->shape, &a->sizes)) return false;
  a->rows = int64_t(count);
  return typed(env, argv[2], napi_float32_array, "params", &a->params) &&
         need(env, a->params.length == mlp_param_count(a->shape), "params must hold the network's weights") &&
         typed(env, argv[3], napi_float32_array, "features", &a->features) &&
         need(env, a->rows >= 0 && a->features.length == a->rows * a->sizes.data[0], "features must be count × inputs");
}

}  // namespace

napi_value FusedMlpProbabilities(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  ForwardArgs a;
  View<float> out;
  if (!read_args(env, info, 6, argv, "mlpProbabilities") || !read_forward_args(env, argv, "mlpProbabilities", &a) ||
      !typed(env, argv[5], napi_float32_array, "probabilities", &out) ||
      !need(env, out.length == a.rows * a.sizes.data[a.shape.layers], "probabilities must be count × classes"))
    return nullptr;
  mlp_probabilities(a.shape, a.params.data, a.features.data, a.rows, out.data);
  napi_value result;
  napi_get_undefined(env, &result);
  return result;
}

napi_value FusedMlpLayers(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!read_args(env, info, 6, argv, "mlpLayers")) return nullptr;
  // The output list's elements first: reading them may run JavaScript (getters), which must not
  // run after any array's data pointer has been taken.
  bool is_array = false;
  uint32_t layers = 0;
  if (!need(env, napi_is_array(env, argv[5], &is_array) == napi_ok && is_array && napi_get_array_length(env, argv[5], &layers) == napi_ok,
            "outs must be an array of one Float32Array per layer"))
    return nullptr;
  std::vector<napi_value> elements(layers);
  for (uint32_t l = 0; l < layers; l++)
    if (!need(env, napi_get_element(env, argv[5], l, &elements[l]) == napi_ok, "outs must be an array of one Float32Array per layer"))
      return nullptr;
  ForwardArgs a;
  if (!read_forward_args(env, argv, "mlpLayers", &a) ||
      !need(env, int64_t(layers) == a.shape.layers, "outs must be an array of one Float32Array per layer"))
    return nullptr;
  std::vector<float *> outs(layers);
  for (uint32_t l = 0; l < layers; l++) {
    View<float> out;
    if (!typed(env, elements[l], napi_float32_array, "a layer's output", &out) ||
        !need(env, out.length == a.rows * a.sizes.data[l + 1], "each layer's output must be count × its width"))
      return nullptr;
    outs[l] = out.data;
  }
  mlp_layer_outputs(a.shape, a.params.data, a.features.data, a.rows, outs.data());
  napi_value result;
  napi_get_undefined(env, &result);
  return result;
}

}  // namespace mh
