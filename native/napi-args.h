// Argument checks shared by the N-API entry points that take typed arrays (fused-mlp-addon.cc,
// trees-addon.cc): each failed check throws a JS error naming what was wrong and returns false.
#pragma once
#include <node_api.h>

#include <cstdint>
#include <string>

namespace mh {

/** A typed array's data and element count. */
template <typename T>
struct View {
  T *data = nullptr;
  int64_t length = 0;
};

inline bool throw_error(napi_env env, const std::string &message) {
  napi_throw_error(env, nullptr, ("multihop_kernels: " + message).c_str());
  return false;
}

inline bool is_null(napi_env env, napi_value value) {
  napi_valuetype type;
  return napi_typeof(env, value, &type) == napi_ok && (type == napi_null || type == napi_undefined);
}

/** Reads a typed array of the `expected` type into `out`; null/undefined is accepted when `optional`. */
template <typename T>
bool typed(napi_env env, napi_value value, napi_typedarray_type expected, const char *what, View<T> *out,
           bool optional = false) {
  if (optional && is_null(env, value)) return true;
  bool is_typed = false;
  napi_typedarray_type type;
  size_t length = 0;
  void *data = nullptr;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr) != napi_ok || type != expected)
    return throw_error(env, std::string(what) + " has the wrong type");
  out->data = static_cast<T *>(data);
  out->length = int64_t(length);
  return true;
}

inline bool need(napi_env env, bool ok, const char *what) { return ok || throw_error(env, what); }

inline bool read_args(napi_env env, napi_callback_info info, size_t expected, napi_value *argv, const char *name) {
  size_t argc = expected;
  return need(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) == napi_ok && argc == expected,
              (std::string(name) + " expects " + std::to_string(expected) + " arguments").c_str());
}

}  // namespace mh
