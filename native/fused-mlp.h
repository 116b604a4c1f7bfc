// A whole training step of a small dense network (MLP or softmax regression) in one call:
// gather the batch, forward, loss (cross-entropy against one-hot or soft targets, per-example
// weights, KD), backward, L2 on kernels, Adam. Mirrors src/training/train-node.ts's TF.js step.
#pragma once
#include <cstdint>

namespace mh {

/** Hidden activations, numbered as src/kernels/fused-mlp.ts numbers them. */
enum class MlpActivation { Relu = 0, Tanh = 1, Elu = 2, Sigmoid = 3 };

/**
 * Layer widths sizes[0] (inputs) … sizes[layers] (classes). Parameters are stored as TF.js's
 * getWeights() lists them: per dense layer its kernel (sizes[l] × sizes[l+1], row-major), then
 * its bias (sizes[l+1]).
 */
struct MlpShape {
  int64_t layers;
  const int32_t *sizes;
  MlpActivation activation;
};

/** Adam (TF.js's arithmetic; c1 = 1 - β1ᵗ, c2 = 1 - β2ᵗ), weight decay and the KD loss's τ, α. */
struct MlpHyper {
  float learning_rate, beta1, beta2, epsilon, c1, c2, weight_decay, temperature, alpha;
};

/**
 * One mini-batch. Row r < count is split row r (features, one-hot labels[r], weight
 * sample_weights[r] or 1, teacher soft targets when given); row count + j is extra row j
 * (extra_features, its own target distribution extra_targets, weight 1).
 */
struct MlpBatch {
  int64_t size;
  const int32_t *rows;
  int64_t count;
  const float *features;
  const int32_t *labels;
  const float *extra_features;
  const float *extra_targets;
  const float *sample_weights;
  const float *teacher_probabilities;
  const float *teacher_neg_entropy;
};

int64_t mlp_param_count(const MlpShape &shape);

/** Trains one step in place on params, m, v; returns the batch loss (weighted mean + L2 term). */
double mlp_step(const MlpShape &shape, const MlpHyper &hyper, const MlpBatch &batch, float *params, float *m,
                float *v);

/** softmax(logits) of `rows` contiguous examples into out (rows × classes). */
void mlp_probabilities(const MlpShape &shape, const float *params, const float *x, int64_t rows, float *out);

/**
 * Every layer's outputs of `rows` contiguous examples: outs[l] (rows × sizes[l+1]) after layer l's
 * activation for the hidden layers, the logits (no softmax) for the last.
 */
void mlp_layer_outputs(const MlpShape &shape, const float *params, const float *x, int64_t rows, float *const *outs);

}  // namespace mh
