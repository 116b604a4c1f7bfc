// Times the addon's GEMM and convolution kernels directly in C++, without TF.js, at every SIMD
// level this CPU has: the figures behind the direct-convolution thresholds (native/conv-direct.h)
// and the small-K GEMM shares quoted in speed-analysis.md. Best of many calls per figure.
//   g++ -O3 -std=c++17 -ffp-contract=fast -fno-math-errno -Wno-psabi -march=x86-64 -mtune=generic \
//     -I native benchmarks/speed/native-timing.cc native/gemm.cc native/simd.cc native/conv-im2col.cc \
//     native/conv-direct.cc -o /tmp/native-timing && /tmp/native-timing
// (Old addon sources, e.g. a -march=native build, link against the GEMM part alone: -DGEMM_ONLY.)
#include <chrono>
#include <cstdio>
#include <vector>

#include "gemm.h"
#ifndef GEMM_ONLY
#include "conv-direct.h"
#include "conv-im2col.h"
#include "simd.h"
#endif

template <typename F>
double best_ms(int reps, F f) {
  double best = 1e30;
  for (int r = 0; r < reps; r++) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

void gemms() {
  struct Shape { bool ta, tb; long m, n, k; const char *name; };
  const Shape shapes[] = {
      {true, false, 784, 256, 32, "MLP b32 dW1 transposeA 784x32.32x256"},
      {true, false, 1600, 128, 64, "CNN dense dW transposeA 1600x64.64x128"},
      {true, false, 256, 128, 128, "MLP b128 dW2 transposeA 256x128.128x128"},
      {true, false, 784, 256, 128, "MLP b128 dW1 transposeA 784x128.128x256"},
      {false, false, 128, 256, 784, "MLP b128 fwd 128x784.784x256"},
      {false, true, 128, 256, 128, "MLP b128 dX2 transposeB"},
      {false, false, 32, 256, 784, "MLP b32 fwd 32x784.784x256"},
      {false, false, 64, 128, 1600, "CNN dense fwd 64x1600.1600x128"},
      {false, false, 480, 480, 480, "peak 480^3"},
  };
  for (const Shape &s : shapes) {
    std::vector<float> a(s.m * s.k, 0.5f), b(s.k * s.n, 0.25f), c(s.m * s.n);
    const double ms = best_ms(400, [&] {
      mh::sgemm_own(s.ta, s.tb, s.m, s.n, s.k, a.data(), s.ta ? s.m : s.k, b.data(), s.tb ? s.k : s.n, 0.0f, c.data(), s.n);
    });
    std::printf("  %-42s %8.4f ms %6.1f GFLOP/s\n", s.name, ms, 2.0 * s.m * s.n * s.k / ms / 1e6);
  }
}

#ifndef GEMM_ONLY
// 64 images, 3×3 valid convolution: direct against im2col + GEMM, forward and filter gradient.
void convs(int64_t cin, int64_t size, int64_t cout) {
  const int64_t n = 64, out = size - 2;
  const mh::ConvGeometry g{n, size, size, cin, out, out, cout, 3, 3, 1, 1, 1, 1, 0, 0};
  std::vector<float> x(n * size * size * cin, 0.5f), w(9 * cin * cout, 0.25f), y(n * out * out * cout, 0.1f);
  std::vector<float> dw(9 * cin * cout), bias(cout, 0.1f);
  const mh::Epilogue relu{bias.data(), cout, mh::kRelu, 0.2f};
  const double flops = 2.0 * n * out * out * cout * 9 * cin;
  const double fd = best_ms(60, [&] { mh::conv2d_forward_direct(g, x.data(), w.data(), y.data(), relu); });
  const double fi = best_ms(60, [&] {
    mh::conv2d_forward(g, x.data(), w.data(), y.data());
    mh::epilogue(y.data(), n * out * out, cout, relu);
  });
  const double bd = best_ms(60, [&] { mh::conv2d_backprop_filter_direct(g, x.data(), y.data(), dw.data()); });
  const double bi = best_ms(60, [&] { mh::conv2d_backprop_filter(g, x.data(), y.data(), dw.data()); });
  std::printf("  conv 64x%ldx%ldx%ld * 3x3x%ldx%ld: forward direct %.3f ms (%.1f GFLOP/s), im2col %.3f ms (%.1f); "
              "dW direct %.3f ms (%.1f), im2col %.3f ms (%.1f)\n",
              long(size), long(size), long(cin), long(cin), long(cout), fd, flops / fd / 1e6, fi, flops / fi / 1e6, bd,
              flops / bd / 1e6, bi, flops / bi / 1e6);
}
#endif

int main() {
#ifdef GEMM_ONLY
  std::printf("GEMM (this build's own SIMD choice)\n");
  gemms();
#else
  for (const mh::Simd level : {mh::Simd::Avx512, mh::Simd::Avx2, mh::Simd::Base}) {
    if (!mh::set_simd_level(level)) continue;
    std::printf("%s\n", mh::simd_name(level));
    gemms();
    for (const auto &c : {std::vector<int64_t>{1, 28, 32}, {2, 28, 32}, {4, 28, 32}, {8, 28, 32}, {16, 28, 32}, {32, 13, 64}, {64, 13, 64}})
      convs(c[0], c[1], c[2]);
  }
#endif
}
