// Direct convolution, vectorised over output channels: each output pixel's Cout values sit in NV
// SIMD registers and every filter tap adds x[tap] · w[tap, :] (forward), or each tap's Cout
// gradients do and every output pixel adds x[tap] · dy[pixel, :] (filter gradient). A register
// block of P output pixels (forward) or TB taps (filter gradient) reuses each loaded vector. Each
// image is first copied into a zero-padded buffer, so that no tap needs a bounds check.
#include "conv-direct.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "simd.h"

namespace mh {

namespace {

constexpr int NV = 2;

struct Scratch {
  std::vector<float> image, filter, rows, dy, dw;
  std::vector<int64_t> taps;
};
thread_local Scratch g_scratch;

int64_t padded_h(const ConvGeometry &g) { return (g.out_h - 1) * g.stride_h + (g.filter_h - 1) * g.dilation_h + 1; }
int64_t padded_w(const ConvGeometry &g) { return (g.out_w - 1) * g.stride_w + (g.filter_w - 1) * g.dilation_w + 1; }
int64_t round_up(int64_t n, int64_t to) { return (n + to - 1) / to * to; }

// xp[ph × pw × Cin] = image n of x with pad_top / pad_left zero rows and columns in front.
void pad_image(const ConvGeometry &g, const float *x, int64_t n, int64_t ph, int64_t pw, float *xp) {
  const int64_t c = g.in_c;
  std::fill(xp, xp + ph * pw * c, 0.0f);
  const int64_t px0 = std::max<int64_t>(0, g.pad_left), px1 = std::min<int64_t>(pw, g.pad_left + g.in_w);
  if (px1 <= px0) return;
  for (int64_t py = 0; py < ph; py++) {
    const int64_t iy = py - g.pad_top;
    if (iy < 0 || iy >= g.in_h) continue;
    std::memcpy(xp + (py * pw + px0) * c, x + ((n * g.in_h + iy) * g.in_w + px0 - g.pad_left) * c,
                (px1 - px0) * c * sizeof(float));
  }
}

// Offsets in the padded image of every tap (ky, kx, ci) from its output pixel's first tap;
// `count` ≥ the tap count, the extra ones 0 (a valid address whose products are discarded).
void tap_offsets(const ConvGeometry &g, int64_t pw, int64_t count, std::vector<int64_t> &off) {
  off.assign(size_t(count), 0);
  int64_t t = 0;
  for (int64_t ky = 0; ky < g.filter_h; ky++)
    for (int64_t kx = 0; kx < g.filter_w; kx++)
      for (int64_t ci = 0; ci < g.in_c; ci++) off[size_t(t++)] = (ky * g.dilation_h * pw + kx * g.dilation_w) * g.in_c + ci;
}

// out[p, cb + 0 .. NV·VL) = Σ_t x[p·step + off[t]] · w[t, ...] for P consecutive output pixels.
template <int VL, int P>
inline void forward_block(const float *x, int64_t step, const int64_t *off, int64_t taps, const float *w, int64_t ldw,
                          float *out, int64_t ldo) {
  typedef typename Vec<VL>::type vf;
  vf acc[P][NV];
  for (int p = 0; p < P; p++)
    for (int v = 0; v < NV; v++) acc[p][v] = vf{};
  for (int64_t t = 0; t < taps; t++) {
    vf wv[NV];
    for (int v = 0; v < NV; v++) wv[v] = load<VL>(w + t * ldw + v * VL);
    const float *xt = x + off[t];
    // Fully unrolled, or the accumulators live on the stack instead of in registers.
#pragma GCC unroll 16
    for (int p = 0; p < P; p++) {
      const float xv = xt[p * step];
      for (int v = 0; v < NV; v++) acc[p][v] += xv * wv[v];
    }
  }
  for (int p = 0; p < P; p++)
    for (int v = 0; v < NV; v++) store<VL>(out + p * ldo + v * VL, acc[p][v]);
}

template <int VL>
inline void forward(const ConvGeometry &g, const float *x, const float *w, float *y, const Epilogue &e) {
  constexpr int64_t CB = NV * VL;
  constexpr int P = VL == 16 ? 12 : 6;
  Scratch &s = g_scratch;
  const int64_t taps = g.filter_h * g.filter_w * g.in_c, cout = g.out_c, coutp = round_up(cout, CB);
  const int64_t ph = padded_h(g), pw = padded_w(g), step = g.stride_w * g.in_c;
  s.image.resize(size_t(ph * pw * g.in_c));
  s.filter.assign(size_t(taps * coutp), 0.0f);
  for (int64_t t = 0; t < taps; t++) std::memcpy(&s.filter[size_t(t * coutp)], w + t * cout, cout * sizeof(float));
  tap_offsets(g, pw, taps, s.taps);
  // With Cout a multiple of the register block the kernel writes y directly; else a padded row.
  const bool direct = coutp == cout;
  if (!direct) s.rows.resize(size_t(g.out_w * coutp));
  for (int64_t n = 0; n < g.batch; n++) {
    pad_image(g, x, n, ph, pw, s.image.data());
    for (int64_t oy = 0; oy < g.out_h; oy++) {
      const float *xrow = s.image.data() + oy * g.stride_h * pw * g.in_c;
      float *yrow = y + (n * g.out_h + oy) * g.out_w * cout;
      float *out = direct ? yrow : s.rows.data();
      for (int64_t cb = 0; cb < coutp; cb += CB) {
        const float *wp = s.filter.data() + cb;
        int64_t ox = 0;
        for (; ox + P <= g.out_w; ox += P)
          forward_block<VL, P>(xrow + ox * step, step, s.taps.data(), taps, wp, coutp, out + ox * coutp + cb, coutp);
        for (; ox + 4 <= g.out_w; ox += 4)
          forward_block<VL, 4>(xrow + ox * step, step, s.taps.data(), taps, wp, coutp, out + ox * coutp + cb, coutp);
        for (; ox < g.out_w; ox++)
          forward_block<VL, 1>(xrow + ox * step, step, s.taps.data(), taps, wp, coutp, out + ox * coutp + cb, coutp);
      }
      if (!direct)
        for (int64_t ox = 0; ox < g.out_w; ox++) std::memcpy(yrow + ox * cout, out + ox * coutp, cout * sizeof(float));
      epilogue(yrow, g.out_w, cout, e);
    }
  }
}

template <int VL>
inline void backprop_filter(const ConvGeometry &g, const float *x, const float *dy, float *dw) {
  typedef typename Vec<VL>::type vf;
  constexpr int64_t CB = NV * VL;
  constexpr int TB = VL == 16 ? 9 : 6;
  Scratch &s = g_scratch;
  const int64_t taps = g.filter_h * g.filter_w * g.in_c, cout = g.out_c, coutp = round_up(cout, CB);
  const int64_t tapsp = round_up(taps, TB), pixels = g.out_h * g.out_w;
  const int64_t ph = padded_h(g), pw = padded_w(g);
  s.image.resize(size_t(ph * pw * g.in_c));
  s.dw.assign(size_t(tapsp * coutp), 0.0f);
  tap_offsets(g, pw, tapsp, s.taps);
  const bool direct = coutp == cout;
  if (!direct) s.dy.assign(size_t(pixels * coutp), 0.0f);
  for (int64_t n = 0; n < g.batch; n++) {
    pad_image(g, x, n, ph, pw, s.image.data());
    const float *dyn = dy + n * pixels * cout;
    if (!direct) {
      for (int64_t i = 0; i < pixels; i++) std::memcpy(&s.dy[size_t(i * coutp)], dyn + i * cout, cout * sizeof(float));
      dyn = s.dy.data();
    }
    // Each image's sums stay in registers and are added to s.dw once: a shorter float chain
    // than one running sum over the whole batch.
    for (int64_t cb = 0; cb < coutp; cb += CB) {
      for (int64_t tb = 0; tb < tapsp; tb += TB) {
        int64_t off[TB];
        for (int t = 0; t < TB; t++) off[t] = s.taps[size_t(tb + t)];
        vf acc[TB][NV];
        for (int t = 0; t < TB; t++)
          for (int v = 0; v < NV; v++) acc[t][v] = vf{};
        for (int64_t oy = 0; oy < g.out_h; oy++) {
          const float *xrow = s.image.data() + oy * g.stride_h * pw * g.in_c;
          const float *drow = dyn + oy * g.out_w * coutp + cb;
          for (int64_t ox = 0; ox < g.out_w; ox++) {
            const float *xb = xrow + ox * g.stride_w * g.in_c;
            vf d[NV];
            for (int v = 0; v < NV; v++) d[v] = load<VL>(drow + ox * coutp + v * VL);
#pragma GCC unroll 16
            for (int t = 0; t < TB; t++) {
              const float xv = xb[off[t]];
              for (int v = 0; v < NV; v++) acc[t][v] += xv * d[v];
            }
          }
        }
        for (int t = 0; t < TB; t++)
          for (int v = 0; v < NV; v++) {
            float *dst = s.dw.data() + (tb + t) * coutp + cb + v * VL;
            store<VL>(dst, load<VL>(dst) + acc[t][v]);
          }
      }
    }
  }
  for (int64_t t = 0; t < taps; t++) std::memcpy(dw + t * cout, &s.dw[size_t(t * coutp)], cout * sizeof(float));
}

#if MH_X86
MH_TARGET_AVX512 void forward_avx512(const ConvGeometry &g, const float *x, const float *w, float *y, const Epilogue &e) {
  forward<16>(g, x, w, y, e);
}
MH_TARGET_AVX2 void forward_avx2(const ConvGeometry &g, const float *x, const float *w, float *y, const Epilogue &e) {
  forward<8>(g, x, w, y, e);
}
MH_TARGET_AVX512 void backprop_filter_avx512(const ConvGeometry &g, const float *x, const float *dy, float *dw) {
  backprop_filter<16>(g, x, dy, dw);
}
MH_TARGET_AVX2 void backprop_filter_avx2(const ConvGeometry &g, const float *x, const float *dy, float *dw) {
  backprop_filter<8>(g, x, dy, dw);
}
#endif
MH_TARGET_BASE void forward_base(const ConvGeometry &g, const float *x, const float *w, float *y, const Epilogue &e) {
  forward<4>(g, x, w, y, e);
}
MH_TARGET_BASE void backprop_filter_base(const ConvGeometry &g, const float *x, const float *dy, float *dw) {
  backprop_filter<4>(g, x, dy, dw);
}

}  // namespace

void conv2d_forward_direct(const ConvGeometry &g, const float *x, const float *w, float *y, const Epilogue &e) {
  if (g.batch * g.out_h * g.out_w * g.out_c == 0) return;
  MH_DISPATCH(forward, g, x, w, y, e)
}

void conv2d_backprop_filter_direct(const ConvGeometry &g, const float *x, const float *dy, float *dw) {
  if (g.batch * g.out_h * g.out_w == 0) {
    std::fill(dw, dw + g.filter_h * g.filter_w * g.in_c * g.out_c, 0.0f);
    return;
  }
  MH_DISPATCH(backprop_filter, g, x, dy, dw)
}

}  // namespace mh
