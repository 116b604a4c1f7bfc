// N-API entry points of the fused dense training step (fused-mlp.h).
#pragma once
#include <node_api.h>

namespace mh {

napi_value FusedMlpStep(napi_env env, napi_callback_info info);
napi_value FusedMlpProbabilities(napi_env env, napi_callback_info info);
napi_value FusedMlpLayers(napi_env env, napi_callback_info info);

}  // namespace mh
