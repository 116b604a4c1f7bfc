// Direct NHWC convolution, forward and filter gradient. Made for layers with few input channels
// (a first layer on grey or RGB images), where im2col's patch matrix has only kh·kw·Cin columns
// and the GEMM after it cannot amortise building it; the filter gradient also wins with more
// channels. Same geometry and results as conv-im2col.h.
#pragma once
#include "conv-im2col.h"
#include "epilogue.h"

namespace mh {

// Measured on the 3×3 training shapes (64 images, AVX-512 and AVX2, benchmarks/speed/
// speed-analysis.md): the direct forward beats im2col + GEMM up to 16 input channels and ties it
// from 32; the direct filter gradient ran at 95-105 GFLOP/s against im2col's 50-70 up to 64.
constexpr int64_t kDirectForwardMaxInChannels = 16;
constexpr int64_t kDirectFilterMaxInChannels = 64;

/** Whether conv2d_forward_direct should replace im2col + GEMM for `g`. */
inline bool conv_direct_forward_suits(const ConvGeometry &g) { return g.in_c <= kDirectForwardMaxInChannels; }
/** Whether conv2d_backprop_filter_direct should replace im2col + GEMM for `g`. */
inline bool conv_direct_filter_suits(const ConvGeometry &g) { return g.in_c <= kDirectFilterMaxInChannels; }

/** y[N,OH,OW,Cout] = epilogue(conv(x, w)). */
void conv2d_forward_direct(const ConvGeometry &g, const float *x, const float *w, float *y, const Epilogue &e);
/** dw[kh,kw,Cin,Cout] = Σ over images and output pixels of x taps ⊗ dy. */
void conv2d_backprop_filter_direct(const ConvGeometry &g, const float *x, const float *dy, float *dw);

}  // namespace mh
