// N-API entry points of the native gradient-boosting tree (gbt-tree.h).
#pragma once
#include <node_api.h>

namespace mh {

napi_value GbtBinsPrepare(napi_env env, napi_callback_info info);
napi_value GbtGrowTree(napi_env env, napi_callback_info info);

}  // namespace mh
