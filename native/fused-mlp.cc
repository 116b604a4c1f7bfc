// The fused dense training step (see fused-mlp.h). Each layer l computes
//   Z_l = A_l·W_l + b_l,  A_{l+1} = act(Z_l)  (the last layer's Z is the logits),
// the loss gives dZ at the logits, and backward runs
//   dW_l = A_lᵀ·dZ_l + λ·W_l,  db_l = Σ_rows dZ_l,  dZ_{l-1} = (dZ_l·W_lᵀ) ⊙ act'(A_l),
// all GEMMs through mh::sgemm; the element-wise loops are compiled per SIMD level (simd.h).
// Per-example loss ℓ_i and its logit gradient, with Σy the target mass (1 for labels):
//   CE  ℓ = -Σ_c y_c log p_c,                       ∂ℓ/∂z = Σy·p − y,          p = softmax(z)
//   KD  ℓ = (1-α)·CE + α·τ²·(Σ_c t_c log t_c − Σ_c t_c log q_c),  q = softmax(z/τ)
//       ∂ℓ/∂z = (1-α)·(Σy·p − y) + α·τ·(Σt·q − t)
// and the batch loss is (1/B)·Σ_i w_i·ℓ_i + λ/2·Σ‖W‖², as src/training/train-node.ts builds it.
#include "fused-mlp.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "adam-update.h"
#include "gemm.h"
#include "simd.h"

namespace mh {

namespace {

// Activations, gradients and the gathered batch; reused across calls on one thread.
struct Workspace {
  std::vector<float> acts;   // A_0 … A_L-1 then the logits, each size × width
  std::vector<float> delta;  // dZ of the current layer
  std::vector<float> back;   // dZ of the layer below
  std::vector<float> grads;  // same layout as params
  std::vector<float> targets;
};
thread_local Workspace g_work;

inline int64_t width(const MlpShape &s, int64_t l) { return s.sizes[l]; }

// Offsets of every layer's activations (A_0 … A_{L-1}, logits) inside Workspace::acts.
int64_t activation_offsets(const MlpShape &s, int64_t rows, int64_t *offsets) {
  int64_t total = 0;
  for (int64_t l = 0; l <= s.layers; l++) {
    offsets[l] = total;
    total += rows * width(s, l);
  }
  return total;
}

void activate(MlpActivation act, float *z, int64_t n) {
  switch (act) {
    case MlpActivation::Relu:
      for (int64_t i = 0; i < n; i++) z[i] = z[i] > 0.0f ? z[i] : 0.0f;
      return;
    case MlpActivation::Tanh:
      for (int64_t i = 0; i < n; i++) z[i] = std::tanh(z[i]);
      return;
    case MlpActivation::Elu:
      for (int64_t i = 0; i < n; i++) z[i] = z[i] >= 0.0f ? z[i] : std::expm1(z[i]);
      return;
    case MlpActivation::Sigmoid:
      for (int64_t i = 0; i < n; i++) z[i] = 1.0f / (1.0f + std::exp(-z[i]));
      return;
  }
}

// d ⊙= act'(x) written with the activation's output y, as TF.js's gradients are.
void activation_gradient(MlpActivation act, const float *y, float *d, int64_t n) {
  switch (act) {
    case MlpActivation::Relu:
      for (int64_t i = 0; i < n; i++) d[i] = y[i] > 0.0f ? d[i] : 0.0f;
      return;
    case MlpActivation::Tanh:
      for (int64_t i = 0; i < n; i++) d[i] *= 1.0f - y[i] * y[i];
      return;
    case MlpActivation::Elu:
      for (int64_t i = 0; i < n; i++) d[i] = y[i] >= 0.0f ? d[i] : d[i] * (y[i] + 1.0f);
      return;
    case MlpActivation::Sigmoid:
      for (int64_t i = 0; i < n; i++) d[i] *= y[i] * (1.0f - y[i]);
      return;
  }
}

void add_row(float *__restrict row, const float *__restrict values, int64_t n) {
  for (int64_t c = 0; c < n; c++) row[c] += values[c];
}

// dw += λ·w; returns Σ w² (in double: the L2 term sums every kernel weight).
double add_decay(float decay, const float *__restrict w, float *__restrict dw, int64_t n) {
  double squares = 0.0;
  for (int64_t i = 0; i < n; i++) {
    squares += double(w[i]) * double(w[i]);
    dw[i] += decay * w[i];
  }
  return squares;
}

// Forward from `input` (rows × sizes[0]) to the logits at acts[offsets[layers]].
void forward(const MlpShape &s, const float *params, const float *input, float *acts, const int64_t *offsets,
             int64_t rows) {
  const float *w = params;
  for (int64_t l = 0; l < s.layers; l++) {
    const int64_t in = width(s, l), out = width(s, l + 1);
    const float *bias = w + in * out;
    float *z = acts + offsets[l + 1];
    sgemm(false, false, rows, out, in, l == 0 ? input : acts + offsets[l], in, w, out, 0.0f, z, out);
    for (int64_t r = 0; r < rows; r++) add_row(z + r * out, bias, out);
    if (l + 1 < s.layers) activate(s.activation, z, rows * out);
    w = bias + out;
  }
}

// Σ_c t_c·log softmax(z·scale)_c and softmax(z·scale) into q, for one row of `classes` logits.
float log_softmax_dot(const float *z, float scale, const float *t, int64_t classes, float *q) {
  float top = z[0] * scale;
  for (int64_t c = 1; c < classes; c++) top = std::max(top, z[c] * scale);
  float sum = 0.0f;
  for (int64_t c = 0; c < classes; c++) sum += std::exp(z[c] * scale - top);
  const float log_sum = std::log(sum);
  float dot = 0.0f;
  for (int64_t c = 0; c < classes; c++) {
    const float log_q = z[c] * scale - top - log_sum;
    q[c] = std::exp(log_q);
    dot += t[c] * log_q;
  }
  return dot;
}

// Per-example losses of the logits; writes dL/dz (already scaled by w_i / B) into delta.
double loss_and_gradient(const MlpShape &s, const MlpHyper &h, const MlpBatch &b, const float *logits, float *delta) {
  const int64_t classes = width(s, s.layers);
  const float inv_batch = 1.0f / float(b.size);
  const bool kd = b.teacher_probabilities != nullptr;
  std::vector<float> &y = g_work.targets;
  y.assign(size_t(classes * 3), 0.0f);
  float *target = y.data(), *p = target + classes, *q = p + classes;
  double total = 0.0;
  for (int64_t i = 0; i < b.size; i++) {
    const int64_t row = b.rows[i];
    const bool split_row = row < b.count;
    if (split_row) {
      std::fill(target, target + classes, 0.0f);
      target[b.labels[row]] = 1.0f;
    } else {
      std::memcpy(target, b.extra_targets + (row - b.count) * classes, classes * sizeof(float));
    }
    const float weight = split_row && b.sample_weights != nullptr ? b.sample_weights[row] : 1.0f;
    const float *z = logits + i * classes;
    float *d = delta + i * classes;
    float mass = 0.0f;
    for (int64_t c = 0; c < classes; c++) mass += target[c];
    float loss = -log_softmax_dot(z, 1.0f, target, classes, p);
    if (!kd) {
      for (int64_t c = 0; c < classes; c++) d[c] = (mass * p[c] - target[c]) * weight * inv_batch;
    } else {
      const float tau = h.temperature, alpha = h.alpha;
      const float *t = b.teacher_probabilities + row * classes;
      float t_mass = 0.0f;
      for (int64_t c = 0; c < classes; c++) t_mass += t[c];
      const float kl = b.teacher_neg_entropy[row] - log_softmax_dot(z, 1.0f / tau, t, classes, q);
      loss = (1.0f - alpha) * loss + alpha * tau * tau * kl;
      for (int64_t c = 0; c < classes; c++) {
        const float g = (1.0f - alpha) * (mass * p[c] - target[c]) + alpha * tau * (t_mass * q[c] - t[c]);
        d[c] = g * weight * inv_batch;
      }
    }
    total += double(weight) * double(loss);
  }
  return total / double(b.size);
}

void gather(const MlpBatch &b, int64_t inputs, float *x) {
  for (int64_t i = 0; i < b.size; i++) {
    const int64_t row = b.rows[i];
    const float *source = row < b.count ? b.features + row * inputs : b.extra_features + (row - b.count) * inputs;
    std::memcpy(x + i * inputs, source, inputs * sizeof(float));
  }
}


inline double step(const MlpShape &s, const MlpHyper &h, const MlpBatch &b, float *params, float *m, float *v) {
  const int64_t rows = b.size;
  std::vector<int64_t> offsets(size_t(s.layers + 1));
  Workspace &work = g_work;
  work.acts.resize(size_t(activation_offsets(s, rows, offsets.data())));
  int64_t widest = 0;
  for (int64_t l = 1; l <= s.layers; l++) widest = std::max(widest, width(s, l));
  work.delta.resize(size_t(rows * widest));
  work.back.resize(size_t(rows * widest));
  const int64_t n_params = mlp_param_count(s);
  work.grads.resize(size_t(n_params));
  float *acts = work.acts.data();

  gather(b, width(s, 0), acts + offsets[0]);
  forward(s, params, acts + offsets[0], acts, offsets.data(), rows);
  double loss = loss_and_gradient(s, h, b, acts + offsets[s.layers], work.delta.data());

  // Parameter offsets per layer, walked from the top.
  std::vector<int64_t> at(size_t(s.layers + 1), 0);
  for (int64_t l = 0; l < s.layers; l++) at[l + 1] = at[l] + width(s, l) * width(s, l + 1) + width(s, l + 1);
  double squares = 0.0;
  float *delta = work.delta.data(), *below = work.back.data();
  for (int64_t l = s.layers - 1; l >= 0; l--) {
    const int64_t in = width(s, l), out = width(s, l + 1);
    const float *w = params + at[l];
    float *dw = work.grads.data() + at[l];
    float *db = dw + in * out;
    sgemm(true, false, in, out, rows, acts + offsets[l], in, delta, out, 0.0f, dw, out);
    if (h.weight_decay > 0.0f) squares += add_decay(h.weight_decay, w, dw, in * out);
    std::fill(db, db + out, 0.0f);
    for (int64_t r = 0; r < rows; r++) add_row(db, delta + r * out, out);
    if (l > 0) {
      sgemm(false, true, rows, in, out, delta, out, w, out, 0.0f, below, in);
      activation_gradient(s.activation, acts + offsets[l], below, rows * in);
      std::swap(delta, below);
    }
  }
  adam_in_place({h.learning_rate, h.beta1, h.beta2, h.epsilon, h.c1, h.c2}, n_params, work.grads.data(), params, m, v);
  return loss + 0.5 * double(h.weight_decay) * squares;
}

// Runs the forward pass over `rows` examples in chunks of 512, calling use(start, n, acts, offsets)
// with each chunk's activations (layer l's outputs at acts + offsets[l + 1], the logits last).
template <typename Use>
inline void forward_chunks(const MlpShape &s, const float *params, const float *x, int64_t rows, Use &&use) {
  constexpr int64_t kChunk = 512;
  const int64_t inputs = width(s, 0);
  std::vector<int64_t> offsets(size_t(s.layers + 1));
  std::vector<float> &acts = g_work.acts;
  for (int64_t start = 0; start < rows; start += kChunk) {
    const int64_t n = std::min(kChunk, rows - start);
    acts.resize(size_t(activation_offsets(s, n, offsets.data())));
    forward(s, params, x + start * inputs, acts.data(), offsets.data(), n);
    use(start, n, acts.data(), offsets.data());
  }
}

inline void probabilities(const MlpShape &s, const float *params, const float *x, int64_t rows, float *out) {
  const int64_t classes = width(s, s.layers);
  forward_chunks(s, params, x, rows, [&](int64_t start, int64_t n, const float *acts, const int64_t *offsets) {
    const float *logits = acts + offsets[s.layers];
    for (int64_t i = 0; i < n; i++) {
      const float *z = logits + i * classes;
      float *p = out + (start + i) * classes;
      const float top = *std::max_element(z, z + classes);
      float sum = 0.0f;
      for (int64_t c = 0; c < classes; c++) sum += (p[c] = std::exp(z[c] - top));
      for (int64_t c = 0; c < classes; c++) p[c] /= sum;
    }
  });
}

// Every layer's outputs of `rows` examples: outs[l] (rows × sizes[l+1]) after layer l's activation,
// the logits last (a teacher's probed representations and its logits, in one pass).
inline void layer_outputs(const MlpShape &s, const float *params, const float *x, int64_t rows, float *const *outs) {
  forward_chunks(s, params, x, rows, [&](int64_t start, int64_t n, const float *acts, const int64_t *offsets) {
    for (int64_t l = 0; l < s.layers; l++) {
      const float *from = acts + offsets[l + 1];
      const int64_t out = width(s, l + 1);
      std::copy(from, from + n * out, outs[l] + start * out);
    }
  });
}

#define MH_STEP_ARGS const MlpShape &s, const MlpHyper &h, const MlpBatch &b, float *params, float *m, float *v
#define MH_PROB_ARGS const MlpShape &s, const float *params, const float *x, int64_t rows, float *out
#define MH_LAYERS_ARGS const MlpShape &s, const float *params, const float *x, int64_t rows, float *const *outs
#if MH_X86
MH_TARGET_AVX512 double step_avx512(MH_STEP_ARGS) { return step(s, h, b, params, m, v); }
MH_TARGET_AVX2 double step_avx2(MH_STEP_ARGS) { return step(s, h, b, params, m, v); }
MH_TARGET_AVX512 void probabilities_avx512(MH_PROB_ARGS) { probabilities(s, params, x, rows, out); }
MH_TARGET_AVX2 void probabilities_avx2(MH_PROB_ARGS) { probabilities(s, params, x, rows, out); }
MH_TARGET_AVX512 void layer_outputs_avx512(MH_LAYERS_ARGS) { layer_outputs(s, params, x, rows, outs); }
MH_TARGET_AVX2 void layer_outputs_avx2(MH_LAYERS_ARGS) { layer_outputs(s, params, x, rows, outs); }
#endif
MH_TARGET_BASE double step_base(MH_STEP_ARGS) { return step(s, h, b, params, m, v); }
MH_TARGET_BASE void probabilities_base(MH_PROB_ARGS) { probabilities(s, params, x, rows, out); }
MH_TARGET_BASE void layer_outputs_base(MH_LAYERS_ARGS) { layer_outputs(s, params, x, rows, outs); }

}  // namespace

int64_t mlp_param_count(const MlpShape &s) {
  int64_t n = 0;
  for (int64_t l = 0; l < s.layers; l++) n += width(s, l) * width(s, l + 1) + width(s, l + 1);
  return n;
}

double mlp_step(MH_STEP_ARGS) { MH_DISPATCH(step, s, h, b, params, m, v) }

void mlp_probabilities(MH_PROB_ARGS) { MH_DISPATCH(probabilities, s, params, x, rows, out) }

void mlp_layer_outputs(MH_LAYERS_ARGS) { MH_DISPATCH(layer_outputs, s, params, x, rows, outs) }

}  // namespace mh
