// Bias and activation applied in place to a GEMM's or convolution's output rows (the "fused"
// part of TF.js's _FusedMatMul and FusedConv2D). Header-only so that the direct convolution
// inlines it into each SIMD level's kernel.
#pragma once
#include <cmath>
#include <cstdint>

namespace mh {

/** TF.js fused activations, numbered as src/kernels/wasm-native-kernels.ts numbers them. */
enum Activation { kLinear = 0, kRelu = 1, kRelu6 = 2, kElu = 3, kSigmoid = 4, kLeakyRelu = 5 };

/** Bias (null, one value, or one per column), activation and leaky-ReLU slope. */
struct Epilogue {
  const float *bias;
  int64_t bias_len;
  int64_t activation;
  float alpha;
  bool active() const { return bias != nullptr || activation != kLinear; }
};

template <typename F>
inline void apply_rows(float *out, int64_t rows, int64_t cols, const float *bias, int64_t bias_len, F f) {
  for (int64_t r = 0; r < rows; r++) {
    float *row = out + r * cols;
    if (bias == nullptr) {
      for (int64_t c = 0; c < cols; c++) row[c] = f(row[c]);
    } else if (bias_len == 1) {
      for (int64_t c = 0; c < cols; c++) row[c] = f(row[c] + bias[0]);
    } else {
      for (int64_t c = 0; c < cols; c++) row[c] = f(row[c] + bias[c]);
    }
  }
}

// out[rows × cols] = activation(out + bias per column), in place.
inline void epilogue(float *out, int64_t rows, int64_t cols, const float *bias, int64_t bias_len, int64_t act, float alpha) {
  switch (act) {
    case kRelu:
      return apply_rows(out, rows, cols, bias, bias_len, [](float v) { return v > 0.0f ? v : 0.0f; });
    case kRelu6:
      return apply_rows(out, rows, cols, bias, bias_len, [](float v) { return v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v); });
    case kElu:
      return apply_rows(out, rows, cols, bias, bias_len, [](float v) { return v >= 0.0f ? v : std::expm1(v); });
    case kSigmoid:
      return apply_rows(out, rows, cols, bias, bias_len, [](float v) { return 1.0f / (1.0f + std::exp(-v)); });
    case kLeakyRelu:
      return apply_rows(out, rows, cols, bias, bias_len, [alpha](float v) { return v >= 0.0f ? v : alpha * v; });
    default:
      return apply_rows(out, rows, cols, bias, bias_len, [](float v) { return v; });
  }
}

inline void epilogue(float *out, int64_t rows, int64_t cols, const Epilogue &e) {
  if (e.active()) epilogue(out, rows, cols, e.bias, e.bias_len, e.activation, e.alpha);
}

}  // namespace mh
