// N-API entry points. Every kernel reads and writes tensors in place inside the WASM backend's
// heap (an ArrayBuffer passed on each call, since memory.grow replaces it); offsets are bytes.
// Nothing is retained between calls, so the JS side owns all lifetimes.
#include <node_api.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
#include <algorithm>

#include "conv-direct.h"
#include "conv-im2col.h"
#include "adam-update.h"
#include "epilogue.h"
#include "fused-mlp-addon.h"
#include "trees-addon.h"
#include "gemm.h"
#include "pool-reduce.h"
#include "simd.h"

#ifdef MULTIHOP_OPENBLAS
extern "C" void openblas_set_num_threads(int);
#endif

namespace {

struct Heap {
  uint8_t *base = nullptr;
  size_t size = 0;
};

bool fail(napi_env env, const std::string &message) {
  napi_throw_error(env, nullptr, message.c_str());
  return false;
}

bool read_args(napi_env env, napi_callback_info info, size_t expected, napi_value *argv) {
  size_t argc = expected;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != expected)
    return fail(env, "multihop_kernels: expected " + std::to_string(expected) + " arguments");
  return true;
}

bool read_heap(napi_env env, napi_value value, Heap *heap) {
  void *data = nullptr;
  if (napi_get_arraybuffer_info(env, value, &data, &heap->size) != napi_ok)
    return fail(env, "multihop_kernels: first argument must be the WASM heap ArrayBuffer");
  heap->base = static_cast<uint8_t *>(data);
  return true;
}

// Reads `count` numbers as integers into `out`; the last one also as a float into `last` when given.
bool read_numbers(napi_env env, napi_value *argv, size_t count, int64_t *out, float *last = nullptr) {
  double value = 0.0;
  for (size_t i = 0; i < count; i++) {
    if (napi_get_value_double(env, argv[i], &value) != napi_ok) return fail(env, "multihop_kernels: expected numbers");
    out[i] = static_cast<int64_t>(value);
  }
  if (last != nullptr) *last = static_cast<float>(value);
  return true;
}

// Pointer to `floats` float32 values at byte `offset`, or null (with a JS error) when outside the heap.
float *span(napi_env env, const Heap &heap, int64_t offset, int64_t floats, const char *what) {
  if (offset < 0 || floats < 0 || offset % 4 != 0 || size_t(offset) + size_t(floats) * 4 > heap.size) {
    fail(env, std::string("multihop_kernels: ") + what + " lies outside the WASM heap");
    return nullptr;
  }
  return reinterpret_cast<float *>(heap.base + offset);
}

napi_value make_undefined(napi_env env) {
  napi_value result;
  napi_get_undefined(env, &result);
  return result;
}

// matmul(heap, batch, transA, transB, m, n, k, aOff, aStride, bOff, bStride, cOff,
//        biasOff (-1 = none), biasLen, activation, alpha)
// C[i] = op(A[i]) · op(B[i]) for i < batch; strides in floats (0 broadcasts); C is contiguous.
napi_value Matmul(napi_env env, napi_callback_info info) {
  napi_value argv[16];
  Heap heap;
  int64_t v[15];
  float alpha;
  if (!read_args(env, info, 16, argv) || !read_heap(env, argv[0], &heap) || !read_numbers(env, argv + 1, 15, v, &alpha))
    return nullptr;
  const int64_t batch = v[0], m = v[3], n = v[4], k = v[5], a_stride = v[7], b_stride = v[9];
  const bool ta = v[1] != 0, tb = v[2] != 0;
  const float *a = span(env, heap, v[6], batch > 0 ? (batch - 1) * a_stride + m * k : 0, "matmul a");
  const float *b = a ? span(env, heap, v[8], batch > 0 ? (batch - 1) * b_stride + k * n : 0, "matmul b") : nullptr;
  float *c = b ? span(env, heap, v[10], batch * m * n, "matmul out") : nullptr;
  const float *bias = nullptr;
  if (c && v[11] >= 0) bias = span(env, heap, v[11], v[12], "matmul bias");
  if (c == nullptr || (v[11] >= 0 && bias == nullptr)) return nullptr;
  for (int64_t i = 0; i < batch; i++) {
    float *ci = c + i * m * n;
    mh::sgemm(ta, tb, m, n, k, a + i * a_stride, ta ? m : k, b + i * b_stride, tb ? k : n, 0.0f, ci, n);
    if (bias != nullptr || v[13] != mh::kLinear) mh::epilogue(ci, m, n, bias, v[12], v[13], alpha);
  }
  return make_undefined(env);
}

// conv(mode, heap, inOff, filterOff, outOff, N, H, W, Cin, OH, OW, Cout, kh, kw, sh, sw, dh, dw,
//      padTop, padLeft, biasOff (-1 = none), biasLen, activation, alpha)
// mode 0: out = conv(in = x, filter) [+ bias, activation]; mode 1: out = dx from in = dy;
// mode 2: out = dW from in = x and filterOff = dy.
napi_value Conv(napi_env env, napi_callback_info info) {
  napi_value argv[24];
  Heap heap;
  int64_t mode;
  int64_t v[22];
  float alpha;
  if (!read_args(env, info, 24, argv) || !read_numbers(env, argv, 1, &mode) || !read_heap(env, argv[1], &heap) ||
      !read_numbers(env, argv + 2, 22, v, &alpha))
    return nullptr;
  mh::ConvGeometry g{v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16], v[17]};
  const int64_t x_size = g.batch * g.in_h * g.in_w * g.in_c;
  const int64_t y_size = g.batch * g.out_h * g.out_w * g.out_c;
  const int64_t w_size = g.filter_h * g.filter_w * g.in_c * g.out_c;
  if (mode == 0) {
    const float *x = span(env, heap, v[0], x_size, "conv x");
    const float *w = x ? span(env, heap, v[1], w_size, "conv filter") : nullptr;
    float *y = w ? span(env, heap, v[2], y_size, "conv out") : nullptr;
    const float *bias = y && v[18] >= 0 ? span(env, heap, v[18], v[19], "conv bias") : nullptr;
    if (y == nullptr || (v[18] >= 0 && bias == nullptr)) return nullptr;
    const mh::Epilogue epilogue{bias, v[19], v[20], alpha};
    if (mh::conv_direct_forward_suits(g)) {
      mh::conv2d_forward_direct(g, x, w, y, epilogue);
    } else {
      mh::conv2d_forward(g, x, w, y);
      mh::epilogue(y, g.batch * g.out_h * g.out_w, g.out_c, epilogue);
    }
  } else if (mode == 1) {
    const float *dy = span(env, heap, v[0], y_size, "conv dy");
    const float *w = dy ? span(env, heap, v[1], w_size, "conv filter") : nullptr;
    float *dx = w ? span(env, heap, v[2], x_size, "conv dx") : nullptr;
    if (dx == nullptr) return nullptr;
    mh::conv2d_backprop_input(g, dy, w, dx);
  } else {
    const float *x = span(env, heap, v[0], x_size, "conv x");
    const float *dy = x ? span(env, heap, v[1], y_size, "conv dy") : nullptr;
    float *dw = dy ? span(env, heap, v[2], w_size, "conv dW") : nullptr;
    if (dw == nullptr) return nullptr;
    if (mh::conv_direct_filter_suits(g)) {
      mh::conv2d_backprop_filter_direct(g, x, dy, dw);
    } else {
      mh::conv2d_backprop_filter(g, x, dy, dw);
    }
  }
  return make_undefined(env);
}

#define MH_ADAM_ARGS const mh::AdamConstants &h, int64_t n, const float *g, float *var, float *m, float *s
#if MH_X86
MH_TARGET_AVX512 void adam_avx512(MH_ADAM_ARGS) { mh::adam_in_place(h, n, g, var, m, s); }
MH_TARGET_AVX2 void adam_avx2(MH_ADAM_ARGS) { mh::adam_in_place(h, n, g, var, m, s); }
#endif
MH_TARGET_BASE void adam_base(MH_ADAM_ARGS) { mh::adam_in_place(h, n, g, var, m, s); }
void adam(MH_ADAM_ARGS) { MH_DISPATCH(adam, h, n, g, var, m, s) }

// dst = src unless they are the same array (fastAdam updates in place).
void copy_unless_same(float *dst, const float *src, int64_t n) {
  if (dst != src) std::memmove(dst, src, size_t(n) * sizeof(float));
}

// adam(heap, n, varOff, mOff, vOff, gradOff, outVarOff, outMOff, outVOff, lr, beta1, beta2,
//      epsilon, 1 - beta1^t, 1 - beta2^t): one fused Adam step (adam-update.h). Each output is
// either its own input (in-place update, what fastAdam does) or an array apart from every input.
napi_value Adam(napi_env env, napi_callback_info info) {
  napi_value argv[15];
  Heap heap;
  int64_t v[8];
  double h[6];
  if (!read_args(env, info, 15, argv) || !read_heap(env, argv[0], &heap) || !read_numbers(env, argv + 1, 8, v)) return nullptr;
  for (int i = 0; i < 6; i++) {
    if (napi_get_value_double(env, argv[9 + i], &h[i]) != napi_ok) {
      fail(env, "multihop_kernels: adam expects numbers");
      return nullptr;
    }
  }
  const int64_t n = v[0];
  const float *var = span(env, heap, v[1], n, "adam var");
  const float *m = var ? span(env, heap, v[2], n, "adam m") : nullptr;
  const float *s = m ? span(env, heap, v[3], n, "adam v") : nullptr;
  const float *g = s ? span(env, heap, v[4], n, "adam gradient") : nullptr;
  float *out_var = g ? span(env, heap, v[5], n, "adam var out") : nullptr;
  float *out_m = out_var ? span(env, heap, v[6], n, "adam m out") : nullptr;
  float *out_s = out_m ? span(env, heap, v[7], n, "adam v out") : nullptr;
  if (out_s == nullptr) return nullptr;
  copy_unless_same(out_var, var, n);
  copy_unless_same(out_m, m, n);
  copy_unless_same(out_s, s, n);
  adam({float(h[0]), float(h[1]), float(h[2]), float(h[3]), float(h[4]), float(h[5])}, n, g, out_var, out_m, out_s);
  return make_undefined(env);
}

// maxPoolGrad(heap, xOff, dyOff, dxOff, N, H, W, C, OH, OW, filterH, filterW, strideH, strideW,
//             padTop, padLeft): mh::max_pool_grad (pool-reduce.h), the rule of tfjs-backend-cpu's
// MaxPoolGrad and src/backend/wasm-max-pool-grad.ts.
napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  napi_value argv[16];
  Heap heap;
  int64_t v[15];
  if (!read_args(env, info, 16, argv) || !read_heap(env, argv[0], &heap) || !read_numbers(env, argv + 1, 15, v))
    return nullptr;
  const int64_t batch = v[3], h = v[4], w = v[5], c = v[6], oh = v[7], ow = v[8];
  const int64_t fh = v[9], fw = v[10], sh = v[11], sw = v[12], top = v[13], left = v[14];
  const float *x = span(env, heap, v[0], batch * h * w * c, "maxPoolGrad x");
  const float *dy = x ? span(env, heap, v[1], batch * oh * ow * c, "maxPoolGrad dy") : nullptr;
  float *dx = dy ? span(env, heap, v[2], batch * h * w * c, "maxPoolGrad dx") : nullptr;
  if (dx == nullptr) return nullptr;
  mh::max_pool_grad({batch, h, w, c, oh, ow, fh, fw, sh, sw, top, left}, x, dy, dx);
  return make_undefined(env);
}

// sumRows(heap, xOff, outOff, rows, cols): out[c] = Σ_r x[r, c] (a Sum over leading axes).
napi_value SumRows(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  Heap heap;
  int64_t v[4];
  if (!read_args(env, info, 5, argv) || !read_heap(env, argv[0], &heap) || !read_numbers(env, argv + 1, 4, v)) return nullptr;
  const int64_t rows = v[2], cols = v[3];
  const float *x = span(env, heap, v[0], rows * cols, "sumRows x");
  float *out = x ? span(env, heap, v[1], cols, "sumRows out") : nullptr;
  if (out == nullptr) return nullptr;
  mh::sum_rows(x, rows, cols, out);
  return make_undefined(env);
}

napi_value Info(napi_env env, napi_callback_info) {
  napi_value result, gemm, simd, supported, openblas;
  napi_create_object(env, &result);
  napi_create_string_utf8(env, mh::gemm_impl() == mh::GemmImpl::OpenBlas ? "openblas" : "own", NAPI_AUTO_LENGTH, &gemm);
  napi_create_string_utf8(env, mh::simd_name(mh::simd_level()), NAPI_AUTO_LENGTH, &simd);
  napi_create_string_utf8(env, mh::simd_name(mh::simd_supported()), NAPI_AUTO_LENGTH, &supported);
  napi_get_boolean(env, mh::have_openblas(), &openblas);
  napi_set_named_property(env, result, "gemm", gemm);
  napi_set_named_property(env, result, "simd", simd);
  napi_set_named_property(env, result, "simdSupported", supported);
  napi_set_named_property(env, result, "openblas", openblas);
  return result;
}

// setSimd('avx512' | 'avx2' | 'base') → whether the kernels now use it (false: the CPU lacks it).
napi_value SetSimd(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!read_args(env, info, 1, argv)) return nullptr;
  char name[16] = {0};
  size_t length = 0;
  mh::Simd level;
  if (napi_get_value_string_utf8(env, argv[0], name, sizeof(name), &length) != napi_ok || !mh::parse_simd(name, &level)) {
    fail(env, "multihop_kernels: setSimd expects 'avx512', 'avx2' or 'base'");
    return nullptr;
  }
  napi_value result;
  napi_get_boolean(env, mh::set_simd_level(level), &result);
  return result;
}

// setGemm('openblas' | 'own') → whether it is now in use.
napi_value SetGemm(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!read_args(env, info, 1, argv)) return nullptr;
  char name[16] = {0};
  size_t length = 0;
  if (napi_get_value_string_utf8(env, argv[0], name, sizeof(name), &length) != napi_ok) {
    fail(env, "multihop_kernels: setGemm expects 'openblas' or 'own'");
    return nullptr;
  }
  const bool ok = std::strcmp(name, "own") == 0     ? mh::set_gemm_impl(mh::GemmImpl::Own)
                  : std::strcmp(name, "openblas") == 0 ? mh::set_gemm_impl(mh::GemmImpl::OpenBlas)
                                                       : false;
  napi_value result;
  napi_get_boolean(env, ok, &result);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
#ifdef MULTIHOP_OPENBLAS
  // One worker per core runs its own addon instance: BLAS threads would oversubscribe the cores.
  const char *threads = std::getenv("MULTIHOP_BLAS_THREADS");
  openblas_set_num_threads(threads != nullptr ? std::atoi(threads) : 1);
#endif
  const char *gemm = std::getenv("MULTIHOP_GEMM");
  if (gemm != nullptr && std::strcmp(gemm, "openblas") == 0) mh::set_gemm_impl(mh::GemmImpl::OpenBlas);
  const napi_property_descriptor properties[] = {
      {"matmul", nullptr, Matmul, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv", nullptr, Conv, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adam", nullptr, Adam, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setGemm", nullptr, SetGemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setSimd", nullptr, SetSimd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPoolGrad", nullptr, MaxPoolGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sumRows", nullptr, SumRows, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"mlpStep", nullptr, mh::FusedMlpStep, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"mlpProbabilities", nullptr, mh::FusedMlpProbabilities, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"mlpLayers", nullptr, mh::FusedMlpLayers, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gbtBins", nullptr, mh::GbtBinsPrepare, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gbtGrowTree", nullptr, mh::GbtGrowTree, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"cartSortRows", nullptr, mh::CartSortRows, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
