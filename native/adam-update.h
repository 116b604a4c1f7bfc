// One Adam step (Kingma & Ba 2015) with TF.js's AdamOptimizer arithmetic, in float32:
//   m' = β1·m + (1-β1)·g;  v' = β2·v + (1-β2)·g²;  var' = var - lr · (m'/c1) / (sqrt(v'/c2) + ε)
// with c1 = 1 - β1ᵗ, c2 = 1 - β2ᵗ. Shared by the addon's adam kernel and the fused dense step.
#pragma once
#include <cmath>
#include <cstdint>

namespace mh {

/** Adam's hyper-parameters and this step's bias corrections c1 = 1 - β1ᵗ, c2 = 1 - β2ᵗ. */
struct AdamConstants {
  float learning_rate, beta1, beta2, epsilon, c1, c2;
};

// Constants in locals and restrict pointers: otherwise every store could alias them or the other
// arrays, and the loop would stay scalar instead of running in SIMD registers.
inline void adam_in_place(const AdamConstants &h, int64_t n, const float *__restrict g, float *__restrict var,
                          float *__restrict m, float *__restrict v) {
  const float b1 = h.beta1, b2 = h.beta2, one_b1 = 1.0f - b1, one_b2 = 1.0f - b2;
  const float c1 = h.c1, c2 = h.c2, eps = h.epsilon, lr = h.learning_rate;
  for (int64_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = m[i] * b1 + gi * one_b1;
    const float vi = v[i] * b2 + (gi * gi) * one_b2;
    m[i] = mi;
    v[i] = vi;
    var[i] = (mi / c1) / (std::sqrt(vi / c2) + eps) * -lr + var[i];
  }
}

}  // namespace mh
