// NHWC conv2d forward and gradients as GEMMs over im2col patches (channels-last, filter
// [kh, kw, cin, cout]). Row r of the patch matrix is one output pixel (n, oy, ox); column
// (ky, kx, ci) is one filter tap, so patches[rows × K] · filter[K × cout] = output[rows × cout].
#pragma once
#include <cstdint>

namespace mh {

struct ConvGeometry {
  int64_t batch, in_h, in_w, in_c;
  int64_t out_h, out_w, out_c;
  int64_t filter_h, filter_w;
  int64_t stride_h, stride_w, dilation_h, dilation_w;
  int64_t pad_top, pad_left;
};

/** y[N,OH,OW,Cout] = conv(x, w). */
void conv2d_forward(const ConvGeometry &g, const float *x, const float *w, float *y);
/** dx[N,H,W,Cin] = conv2d backprop input of dy[N,OH,OW,Cout] with w. */
void conv2d_backprop_input(const ConvGeometry &g, const float *dy, const float *w, float *dx);
/** dw[kh,kw,Cin,Cout] = conv2d backprop filter of x and dy. */
void conv2d_backprop_filter(const ConvGeometry &g, const float *x, const float *dy, float *dw);

}  // namespace mh
