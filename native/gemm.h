// Row-major single-precision GEMM used by every kernel of the addon:
//   C[M×N] = op(A)[M×K] · op(B)[K×N] + beta · C,   beta ∈ {0, 1}
// op(A) = A (lda ≥ K) or Aᵀ (A stored K×M, lda ≥ M); likewise op(B).
#pragma once
#include <cstdint>

namespace mh {

enum class GemmImpl { OpenBlas, Own };

/** Which implementation `sgemm` dispatches to; OpenBLAS when the addon was linked with it. */
GemmImpl gemm_impl();
bool set_gemm_impl(GemmImpl impl);
bool have_openblas();

void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
           const float *b, int64_t ldb, float beta, float *c, int64_t ldc);

/** Our blocked, packed GEMM (GCC vector extensions; AVX-512, AVX2 or baseline by simd_level()). */
void sgemm_own(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
               const float *b, int64_t ldb, float beta, float *c, int64_t ldc);

}  // namespace mh
