// GEMM dispatch (OpenBLAS cblas_sgemm when linked, else our own) and our own packed GEMM.
// The own GEMM follows the BLIS/GotoBLAS structure (Goto & van de Geijn, "Anatomy of
// High-Performance Matrix Multiplication", TOMS 2008): pack a KC×NC panel of B and an MC×KC
// block of A, then an MR×NR register-blocked micro-kernel over the packed strips.
#include "gemm.h"

#include "simd.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#ifdef MULTIHOP_OPENBLAS
extern "C" {
enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 };
enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112 };
void cblas_sgemm(CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, int, int, int, float, const float *, int,
                 const float *, int, float, float *, int);
}
#endif

namespace mh {

namespace {

constexpr int MR = 6;
constexpr int NV = 2;
constexpr int KC = 256;
constexpr int MC = 120;   // multiple of MR
constexpr int NC = 3072;  // multiple of NR for every VL

// Our GEMM is the default even where OpenBLAS is linked: it measured 1.6-1.9x faster than
// Debian's OpenBLAS 0.3.21 on the training shapes (benchmarks/results/speed.md), and one fixed
// choice keeps float rounding, hence training, reproducible.
// MULTIHOP_GEMM=openblas (read at load) or setGemm('openblas') switches.
GemmImpl g_impl = GemmImpl::Own;

struct AlignedBuffer {
  float *data = nullptr;
  size_t size = 0;
  float *get(size_t n) {
    if (n > size) {
      std::free(data);
      size = (n + 1023) & ~size_t(1023);
      data = static_cast<float *>(std::aligned_alloc(64, size * sizeof(float)));
    }
    return data;
  }
  ~AlignedBuffer() { std::free(data); }
};

thread_local AlignedBuffer g_pack_a, g_pack_b;

inline float at(const float *x, int64_t ld, bool trans, int64_t row, int64_t col) {
  return trans ? x[col * ld + row] : x[row * ld + col];
}

// Packs op(A)[i0:i0+mc, p0:p0+kc] into MR-row strips, k-major inside a strip, zero-padded.
inline void pack_a(bool trans, const float *a, int64_t lda, int64_t i0, int64_t mc, int64_t p0, int64_t kc, float *out) {
  for (int64_t s = 0; s < mc; s += MR) {
    const int64_t rows = std::min<int64_t>(MR, mc - s);
    for (int64_t p = 0; p < kc; p++) {
      float *dst = out + (s / MR) * kc * MR + p * MR;
      int64_t r = 0;
      for (; r < rows; r++) dst[r] = at(a, lda, trans, i0 + s + r, p0 + p);
      for (; r < MR; r++) dst[r] = 0.0f;
    }
  }
}

// Packs op(B)[p0:p0+kc, j0:j0+nc] into NR-column strips, k-major inside a strip, zero-padded.
template <int NR>
inline void pack_b(bool trans, const float *b, int64_t ldb, int64_t p0, int64_t kc, int64_t j0, int64_t nc, float *out) {
  for (int64_t s = 0; s < nc; s += NR) {
    const int64_t cols = std::min<int64_t>(NR, nc - s);
    float *strip = out + (s / NR) * kc * NR;
    if (!trans && cols == NR) {
      for (int64_t p = 0; p < kc; p++) std::memcpy(strip + p * NR, b + (p0 + p) * ldb + j0 + s, NR * sizeof(float));
      continue;
    }
    for (int64_t p = 0; p < kc; p++) {
      float *dst = strip + p * NR;
      int64_t c = 0;
      for (; c < cols; c++) dst[c] = at(b, ldb, trans, p0 + p, j0 + s + c);
      for (; c < NR; c++) dst[c] = 0.0f;
    }
  }
}

// C[rows×cols] (= or +=) packed A strip · packed B strip.
template <int VL>
inline void micro_kernel(int64_t kc, const float *ap, const float *bp, float *c, int64_t ldc, int64_t rows, int64_t cols,
                         bool accumulate) {
  typedef typename Vec<VL>::type vf;
  constexpr int NR = NV * VL;
  vf acc[MR][NV];
  for (int r = 0; r < MR; r++)
    for (int v = 0; v < NV; v++) acc[r][v] = vf{};
  for (int64_t p = 0; p < kc; p++) {
    vf bv[NV];
    for (int v = 0; v < NV; v++) bv[v] = *reinterpret_cast<const vf *>(bp + p * NR + v * VL);
    for (int r = 0; r < MR; r++) {
      const float av = ap[p * MR + r];
      for (int v = 0; v < NV; v++) acc[r][v] += av * bv[v];
    }
  }
  if (rows == MR && cols == NR) {
    for (int r = 0; r < MR; r++)
      for (int v = 0; v < NV; v++) {
        float *dst = c + r * ldc + v * VL;
        store<VL>(dst, accumulate ? load<VL>(dst) + acc[r][v] : acc[r][v]);
      }
    return;
  }
  alignas(64) float tile[MR][NR];
  for (int r = 0; r < MR; r++)
    for (int v = 0; v < NV; v++) *reinterpret_cast<vf *>(&tile[r][v * VL]) = acc[r][v];
  for (int64_t r = 0; r < rows; r++)
    for (int64_t j = 0; j < cols; j++) c[r * ldc + j] = accumulate ? c[r * ldc + j] + tile[r][j] : tile[r][j];
}

template <int VL>
inline void sgemm_packed(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
                         const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
  constexpr int NR = NV * VL;
  for (int64_t j0 = 0; j0 < n; j0 += NC) {
    const int64_t nc = std::min<int64_t>(NC, n - j0);
    for (int64_t p0 = 0; p0 < k; p0 += KC) {
      const int64_t kc = std::min<int64_t>(KC, k - p0);
      const bool accumulate = p0 > 0 || beta != 0.0f;
      float *bp = g_pack_b.get(((nc + NR - 1) / NR) * NR * kc);
      pack_b<NR>(trans_b, b, ldb, p0, kc, j0, nc, bp);
      for (int64_t i0 = 0; i0 < m; i0 += MC) {
        const int64_t mc = std::min<int64_t>(MC, m - i0);
        float *ap = g_pack_a.get(((mc + MR - 1) / MR) * MR * kc);
        pack_a(trans_a, a, lda, i0, mc, p0, kc, ap);
        for (int64_t js = 0; js < nc; js += NR)
          for (int64_t is = 0; is < mc; is += MR)
            micro_kernel<VL>(kc, ap + (is / MR) * kc * MR, bp + (js / NR) * kc * NR, c + (i0 + is) * ldc + j0 + js,
                             ldc, std::min<int64_t>(MR, mc - is), std::min<int64_t>(NR, nc - js), accumulate);
      }
    }
  }
}

#define MH_GEMM_ARGS bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, \
                     const float *b, int64_t ldb, float beta, float *c, int64_t ldc
#if MH_X86
MH_TARGET_AVX512 void sgemm_packed_avx512(MH_GEMM_ARGS) { sgemm_packed<16>(trans_a, trans_b, m, n, k, a, lda, b, ldb, beta, c, ldc); }
MH_TARGET_AVX2 void sgemm_packed_avx2(MH_GEMM_ARGS) { sgemm_packed<8>(trans_a, trans_b, m, n, k, a, lda, b, ldb, beta, c, ldc); }
#endif
MH_TARGET_BASE void sgemm_packed_base(MH_GEMM_ARGS) { sgemm_packed<4>(trans_a, trans_b, m, n, k, a, lda, b, ldb, beta, c, ldc); }

}  // namespace

GemmImpl gemm_impl() { return g_impl; }

bool have_openblas() {
#ifdef MULTIHOP_OPENBLAS
  return true;
#else
  return false;
#endif
}

bool set_gemm_impl(GemmImpl impl) {
  if (impl == GemmImpl::OpenBlas && !have_openblas()) return false;
  g_impl = impl;
  return true;
}

void sgemm_own(MH_GEMM_ARGS) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (beta == 0.0f)
      for (int64_t i = 0; i < m; i++) std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
    return;
  }
  MH_DISPATCH(sgemm_packed, trans_a, trans_b, m, n, k, a, lda, b, ldb, beta, c, ldc)
}

void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
           const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
#ifdef MULTIHOP_OPENBLAS
  if (g_impl == GemmImpl::OpenBlas) {
    if (m <= 0 || n <= 0) return;
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, int(m),
                int(n), int(k), 1.0f, a, int(std::max<int64_t>(lda, 1)), b, int(std::max<int64_t>(ldb, 1)), beta, c,
                int(std::max<int64_t>(ldc, 1)));
    return;
  }
#endif
  sgemm_own(trans_a, trans_b, m, n, k, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace mh
