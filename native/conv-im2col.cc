// im2col convolution (Chellapilla, Puri, Simard, "High Performance Convolutional Neural Networks
// for Document Processing", 2006): forward = patches · W, dW = patchesᵀ · dY, dX = col2im(dY · Wᵀ).
// Patches are built for a chunk of output pixels at a time to bound the scratch memory.
#include "conv-im2col.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "gemm.h"

namespace mh {

namespace {

// 256 KiB of patches per chunk: they stay in L2 between im2col and the GEMM packing them (5 %
// faster on the CNN's conv2 forward than 8 MiB chunks, which went through memory).
constexpr int64_t kScratchFloats = int64_t(1) << 16;

thread_local std::vector<float> g_patches;

int64_t taps(const ConvGeometry &g) { return g.filter_h * g.filter_w * g.in_c; }

int64_t chunk_rows(const ConvGeometry &g) {
  return std::max<int64_t>(1, std::min<int64_t>(g.batch * g.out_h * g.out_w, kScratchFloats / std::max<int64_t>(1, taps(g))));
}

// A 1×1, stride-1, unpadded conv reads x directly as its patch matrix.
bool is_pointwise(const ConvGeometry &g) {
  return g.filter_h == 1 && g.filter_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 0 &&
         g.pad_left == 0 && g.out_h == g.in_h && g.out_w == g.in_w;
}

inline void copy_floats(float *dst, const float *src, int64_t n) {
  // Few channels (e.g. a first layer on grey images): a call to memcpy per tap would dominate.
  if (n < 16) {
    for (int64_t i = 0; i < n; i++) dst[i] = src[i];
  } else {
    std::memcpy(dst, src, n * sizeof(float));
  }
}

// Fills patches[rows × K] for output pixels [row0, row0 + rows).
void im2col(const ConvGeometry &g, const float *x, int64_t row0, int64_t rows, float *patches) {
  const int64_t k = taps(g);
  const int64_t pixels = g.out_h * g.out_w;
  const int64_t tap_row = g.filter_w * g.in_c;
  for (int64_t r = 0; r < rows; r++) {
    const int64_t row = row0 + r;
    const int64_t n = row / pixels, oy = (row % pixels) / g.out_w, ox = row % g.out_w;
    float *dst = patches + r * k;
    const int64_t ix0 = ox * g.stride_w - g.pad_left;
    const bool row_inside = g.dilation_w == 1 && ix0 >= 0 && ix0 + g.filter_w <= g.in_w;
    for (int64_t ky = 0; ky < g.filter_h; ky++) {
      const int64_t iy = oy * g.stride_h - g.pad_top + ky * g.dilation_h;
      if (iy < 0 || iy >= g.in_h) {
        std::fill(dst, dst + tap_row, 0.0f);
        dst += tap_row;
        continue;
      }
      const float *x_row = x + (n * g.in_h + iy) * g.in_w * g.in_c;
      if (row_inside) {
        // The whole row of taps is one contiguous run of x.
        copy_floats(dst, x_row + ix0 * g.in_c, tap_row);
        dst += tap_row;
        continue;
      }
      for (int64_t kx = 0; kx < g.filter_w; kx++, dst += g.in_c) {
        const int64_t ix = ix0 + kx * g.dilation_w;
        if (ix < 0 || ix >= g.in_w) {
          std::fill(dst, dst + g.in_c, 0.0f);
        } else {
          copy_floats(dst, x_row + ix * g.in_c, g.in_c);
        }
      }
    }
  }
}

// dx += scatter of patch gradients[rows × K] for output pixels [row0, row0 + rows).
void col2im(const ConvGeometry &g, const float *patches, int64_t row0, int64_t rows, float *dx) {
  const int64_t k = taps(g);
  const int64_t pixels = g.out_h * g.out_w;
  for (int64_t r = 0; r < rows; r++) {
    const int64_t row = row0 + r;
    const int64_t n = row / pixels, oy = (row % pixels) / g.out_w, ox = row % g.out_w;
    const float *src = patches + r * k;
    for (int64_t ky = 0; ky < g.filter_h; ky++) {
      const int64_t iy = oy * g.stride_h - g.pad_top + ky * g.dilation_h;
      for (int64_t kx = 0; kx < g.filter_w; kx++, src += g.in_c) {
        const int64_t ix = ox * g.stride_w - g.pad_left + kx * g.dilation_w;
        if (iy < 0 || iy >= g.in_h || ix < 0 || ix >= g.in_w) continue;
        float *dst = dx + ((n * g.in_h + iy) * g.in_w + ix) * g.in_c;
        for (int64_t c = 0; c < g.in_c; c++) dst[c] += src[c];
      }
    }
  }
}

// Calls f(row0, rows, patches) over consecutive chunks of output pixels and their im2col patches.
template <typename F>
void for_each_patch_chunk(const ConvGeometry &g, const float *x, F f) {
  const int64_t k = taps(g), total = g.batch * g.out_h * g.out_w;
  const int64_t chunk = chunk_rows(g);
  g_patches.resize(chunk * k);
  for (int64_t row0 = 0; row0 < total; row0 += chunk) {
    const int64_t rows = std::min(chunk, total - row0);
    im2col(g, x, row0, rows, g_patches.data());
    f(row0, rows, g_patches.data());
  }
}

}  // namespace

void conv2d_forward(const ConvGeometry &g, const float *x, const float *w, float *y) {
  const int64_t k = taps(g), total = g.batch * g.out_h * g.out_w;
  if (is_pointwise(g)) {
    sgemm(false, false, total, g.out_c, k, x, k, w, g.out_c, 0.0f, y, g.out_c);
    return;
  }
  for_each_patch_chunk(g, x, [&](int64_t row0, int64_t rows, const float *patches) {
    sgemm(false, false, rows, g.out_c, k, patches, k, w, g.out_c, 0.0f, y + row0 * g.out_c, g.out_c);
  });
}

void conv2d_backprop_filter(const ConvGeometry &g, const float *x, const float *dy, float *dw) {
  const int64_t k = taps(g), total = g.batch * g.out_h * g.out_w;
  if (total == 0) {
    std::fill(dw, dw + k * g.out_c, 0.0f);
    return;
  }
  if (is_pointwise(g)) {
    sgemm(true, false, k, g.out_c, total, x, k, dy, g.out_c, 0.0f, dw, g.out_c);
    return;
  }
  for_each_patch_chunk(g, x, [&](int64_t row0, int64_t rows, const float *patches) {
    sgemm(true, false, k, g.out_c, rows, patches, k, dy + row0 * g.out_c, g.out_c, row0 == 0 ? 0.0f : 1.0f, dw, g.out_c);
  });
}

void conv2d_backprop_input(const ConvGeometry &g, const float *dy, const float *w, float *dx) {
  const int64_t k = taps(g), total = g.batch * g.out_h * g.out_w;
  if (is_pointwise(g)) {
    sgemm(false, true, total, k, g.out_c, dy, g.out_c, w, g.out_c, 0.0f, dx, k);
    return;
  }
  std::fill(dx, dx + g.batch * g.in_h * g.in_w * g.in_c, 0.0f);
  const int64_t chunk = chunk_rows(g);
  g_patches.resize(chunk * k);
  for (int64_t row0 = 0; row0 < total; row0 += chunk) {
    const int64_t rows = std::min(chunk, total - row0);
    sgemm(false, true, rows, k, g.out_c, dy + row0 * g.out_c, g.out_c, w, g.out_c, 0.0f, g_patches.data(), k);
    col2im(g, g_patches.data(), row0, rows, dx);
  }
}

}  // namespace mh
