// N-API entry points of the tree families' native code: the boosting tree (gbt-tree.h) and the
// CART row sort (cart-sort.h).
#pragma once
#include <node_api.h>

namespace mh {

napi_value GbtBinsPrepare(napi_env env, napi_callback_info info);
napi_value GbtGrowTree(napi_env env, napi_callback_info info);
napi_value CartSortRows(napi_env env, napi_callback_info info);

}  // namespace mh
