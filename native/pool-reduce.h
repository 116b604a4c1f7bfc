// Two memory-bound kernels of a CNN's backward pass that TF.js's WASM backend runs slowly:
// max-pool's gradient and the bias gradient (a sum over every axis but the channels, which
// TF.js's Sum first transposes to make innermost).
#pragma once
#include <cstdint>

namespace mh {

/** NHWC max-pool geometry: input N×H×W×C, output N×OH×OW×C. */
struct PoolGeometry {
  int64_t batch, in_h, in_w, channels, out_h, out_w;
  int64_t filter_h, filter_w, stride_h, stride_w, pad_top, pad_left;
};

/**
 * dx[b,y,x,c] = Σ dy[b,oy,ox,c] over the windows whose first strict maximum of x in channel c
 * (row-major window order) is (y, x); padding never wins. The rule of tfjs-backend-cpu's MaxPoolGrad.
 */
void max_pool_grad(const PoolGeometry &g, const float *x, const float *dy, float *dx);

/** out[c] = Σ_r x[r, c] for a row-major rows × cols matrix. */
void sum_rows(const float *x, int64_t rows, int64_t cols, float *out);

}  // namespace mh
