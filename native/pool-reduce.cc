// Max-pool gradient vectorised over channels: per window, the arg-max position of each channel
// is kept as a lane index (first strict maximum, compared in window order), then every window
// position adds dy where it is that lane's arg-max, so no scalar scatter is needed. Column sums
// add 256-row blocks into the total, a shorter float chain than one running sum.
#include "pool-reduce.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "simd.h"

namespace mh {

namespace {

template <int VL>
inline void max_pool_grad_t(const PoolGeometry &g, const float *x, const float *dy, float *dx) {
  typedef typename Vec<VL>::type vf;
  typedef int32_t vi __attribute__((vector_size(VL * 4)));
  const int64_t c = g.channels, cv = c / VL * VL;
  std::fill(dx, dx + g.batch * g.in_h * g.in_w * c, 0.0f);
  std::vector<float> best(static_cast<size_t>(c));
  std::vector<int64_t> at(static_cast<size_t>(c));
  for (int64_t b = 0; b < g.batch; b++) {
    for (int64_t oy = 0; oy < g.out_h; oy++) {
      const int64_t y0 = std::max<int64_t>(0, oy * g.stride_h - g.pad_top);
      const int64_t y1 = std::min<int64_t>(g.in_h, oy * g.stride_h - g.pad_top + g.filter_h);
      for (int64_t ox = 0; ox < g.out_w; ox++, dy += c) {
        const int64_t x0 = std::max<int64_t>(0, ox * g.stride_w - g.pad_left);
        const int64_t x1 = std::min<int64_t>(g.in_w, ox * g.stride_w - g.pad_left + g.filter_w);
        for (int64_t ch = 0; ch < cv; ch += VL) {
          vf top = vf{} - INFINITY;
          vi arg = vi{} - 1;
          int32_t k = 0;
          for (int64_t yy = y0; yy < y1; yy++)
            for (int64_t xx = x0; xx < x1; xx++, k++) {
              const vf v = load<VL>(x + ((b * g.in_h + yy) * g.in_w + xx) * c + ch);
              const vi wins = v > top;
              top = wins ? v : top;
              arg = wins ? vi{} + k : arg;
            }
          const vf grad = load<VL>(dy + ch);
          k = 0;
          for (int64_t yy = y0; yy < y1; yy++)
            for (int64_t xx = x0; xx < x1; xx++, k++) {
              float *d = dx + ((b * g.in_h + yy) * g.in_w + xx) * c + ch;
              store<VL>(d, load<VL>(d) + (arg == k ? grad : vf{}));
            }
        }
        if (cv == c) continue;
        std::fill(best.begin(), best.end(), -INFINITY);
        std::fill(at.begin(), at.end(), -1);
        for (int64_t yy = y0; yy < y1; yy++)
          for (int64_t xx = x0; xx < x1; xx++) {
            const int64_t base = ((b * g.in_h + yy) * g.in_w + xx) * c;
            for (int64_t ch = cv; ch < c; ch++)
              if (x[base + ch] > best[size_t(ch)]) {
                best[size_t(ch)] = x[base + ch];
                at[size_t(ch)] = base + ch;
              }
          }
        for (int64_t ch = cv; ch < c; ch++)
          if (at[size_t(ch)] >= 0) dx[at[size_t(ch)]] += dy[ch];
      }
    }
  }
}

inline void sum_rows_t(const float *__restrict x, int64_t rows, int64_t cols, float *__restrict out) {
  constexpr int64_t kBlock = 256;
  thread_local std::vector<float> partial;
  partial.resize(size_t(cols));
  float *__restrict p = partial.data();
  std::fill(out, out + cols, 0.0f);
  for (int64_t r0 = 0; r0 < rows; r0 += kBlock) {
    std::fill(p, p + cols, 0.0f);
    const int64_t r1 = std::min(rows, r0 + kBlock);
    for (int64_t r = r0; r < r1; r++)
      for (int64_t j = 0; j < cols; j++) p[j] += x[r * cols + j];
    for (int64_t j = 0; j < cols; j++) out[j] += p[j];
  }
}

#define MH_POOL_ARGS const PoolGeometry &g, const float *x, const float *dy, float *dx
#define MH_SUM_ARGS const float *x, int64_t rows, int64_t cols, float *out
#if MH_X86
MH_TARGET_AVX512 void pool_grad_avx512(MH_POOL_ARGS) { max_pool_grad_t<16>(g, x, dy, dx); }
MH_TARGET_AVX2 void pool_grad_avx2(MH_POOL_ARGS) { max_pool_grad_t<8>(g, x, dy, dx); }
MH_TARGET_AVX512 void sum_avx512(MH_SUM_ARGS) { sum_rows_t(x, rows, cols, out); }
MH_TARGET_AVX2 void sum_avx2(MH_SUM_ARGS) { sum_rows_t(x, rows, cols, out); }
#endif
MH_TARGET_BASE void pool_grad_base(MH_POOL_ARGS) { max_pool_grad_t<4>(g, x, dy, dx); }
MH_TARGET_BASE void sum_base(MH_SUM_ARGS) { sum_rows_t(x, rows, cols, out); }

}  // namespace

void max_pool_grad(MH_POOL_ARGS) { MH_DISPATCH(pool_grad, g, x, dy, dx) }

void sum_rows(MH_SUM_ARGS) { MH_DISPATCH(sum, x, rows, cols, out) }

}  // namespace mh
