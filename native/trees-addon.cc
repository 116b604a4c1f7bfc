// gbtBins(shape, rowBins, binned, offsets, edges) → an opaque handle holding checked copies of a
//   fit's bins (src/boosting/feature-bins.ts); shape Int32Array [count, width, totalBins].
// gbtGrowTree(handle, growth, gradients, hessians, rowValues, feature, bin, left, right, value)
//   → the tree's node count; growth Float64Array [maxDepth, minSamplesLeaf, l2, learningRate,
//   maxDeltaStep]; gradients, hessians and rowValues Float64Array of count; the tree arrays
//   (Int32Array ×4, Float32Array) all of one length, the most nodes the tree may have.
// cartSortRows(features, count, width, order, sortedValues): cart-sort.h, on a Float32Array of
//   count × width finite features into an Int32Array and a Float32Array of width × count.
// The bins are checked once, when the handle is made, so growing a tree never reads or writes
// outside a buffer whatever the calls pass.
#include "trees-addon.h"

#include <vector>

#include "cart-sort.h"
#include "gbt-tree.h"
#include "napi-args.h"

namespace mh {

namespace {

struct BinsHandle {
  int64_t count = 0, width = 0, total_bins = 0;
  std::vector<int32_t> row_bins, offsets, edges;
  std::vector<uint16_t> binned;

  GbtBins view() const {
    return {count, width, total_bins, row_bins.data(), binned.data(), offsets.data(), edges.data()};
  }
};

void finalize_bins(napi_env, void *data, void *) { delete static_cast<BinsHandle *>(data); }

// The handle's checks: every feature's bins inside the histogram, every row's bin one of its feature's.
bool check_bins(napi_env env, const BinsHandle &bins) {
  if (!need(env, bins.count > 0 && bins.width > 0 && bins.total_bins > 0, "gbtBins: count, width and totalBins must be positive"))
    return false;
  for (int64_t f = 0; f < bins.width; f++) {
    const int64_t offset = bins.offsets[f], edges = bins.edges[f];
    if (!need(env, offset >= 0 && edges >= 0 && offset + edges + 1 <= bins.total_bins, "gbtBins: a feature's bins lie outside the histogram"))
      return false;
    const uint16_t *column = bins.binned.data() + f * bins.count;
    for (int64_t i = 0; i < bins.count; i++) {
      const int64_t slot = bins.row_bins[i * bins.width + f];
      if (!need(env, column[i] <= edges && slot == offset + column[i], "gbtBins: a row's bin is not its feature's"))
        return false;
    }
  }
  return true;
}

}  // namespace

napi_value GbtBinsPrepare(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!read_args(env, info, 5, argv, "gbtBins")) return nullptr;
  View<int32_t> shape, row_bins, offsets, edges;
  View<uint16_t> binned;
  if (!typed(env, argv[0], napi_int32_array, "shape", &shape) || !need(env, shape.length == 3, "gbtBins: shape needs count, width, totalBins"))
    return nullptr;
  const int64_t count = shape.data[0], width = shape.data[1];
  if (!typed(env, argv[1], napi_int32_array, "rowBins", &row_bins) ||
      !typed(env, argv[2], napi_uint16_array, "binned", &binned) ||
      !typed(env, argv[3], napi_int32_array, "offsets", &offsets) ||
      !typed(env, argv[4], napi_int32_array, "edges", &edges) ||
      !need(env, count > 0 && width > 0 && row_bins.length == count * width && binned.length == count * width,
            "gbtBins: rowBins and binned must be count × width") ||
      !need(env, offsets.length == width && edges.length == width, "gbtBins: offsets and edges need one entry per feature"))
    return nullptr;
  auto *bins = new BinsHandle();
  bins->count = count;
  bins->width = width;
  bins->total_bins = shape.data[2];
  bins->row_bins.assign(row_bins.data, row_bins.data + row_bins.length);
  bins->binned.assign(binned.data, binned.data + binned.length);
  bins->offsets.assign(offsets.data, offsets.data + width);
  bins->edges.assign(edges.data, edges.data + width);
  napi_value handle;
  if (!check_bins(env, *bins) || napi_create_external(env, bins, finalize_bins, nullptr, &handle) != napi_ok) {
    delete bins;
    return nullptr;
  }
  return handle;
}

napi_value GbtGrowTree(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  if (!read_args(env, info, 10, argv, "gbtGrowTree")) return nullptr;
  napi_valuetype type;
  void *data = nullptr;
  if (!need(env, napi_typeof(env, argv[0], &type) == napi_ok && type == napi_external && napi_get_value_external(env, argv[0], &data) == napi_ok,
            "gbtGrowTree: the first argument must be a gbtBins handle"))
    return nullptr;
  const BinsHandle &bins = *static_cast<BinsHandle *>(data);
  View<double> growth, gradients, hessians, row_values;
  View<int32_t> feature, bin, left, right;
  View<float> value;
  if (!typed(env, argv[1], napi_float64_array, "growth", &growth) || !need(env, growth.length == 5, "gbtGrowTree: growth needs 5 values") ||
      !typed(env, argv[2], napi_float64_array, "gradients", &gradients) ||
      !typed(env, argv[3], napi_float64_array, "hessians", &hessians) ||
      !typed(env, argv[4], napi_float64_array, "rowValues", &row_values) ||
      !need(env, gradients.length == bins.count && hessians.length == bins.count && row_values.length == bins.count,
            "gbtGrowTree: gradients, hessians and rowValues need one value per row") ||
      !typed(env, argv[5], napi_int32_array, "feature", &feature) || !typed(env, argv[6], napi_int32_array, "bin", &bin) ||
      !typed(env, argv[7], napi_int32_array, "left", &left) || !typed(env, argv[8], napi_int32_array, "right", &right) ||
      !typed(env, argv[9], napi_float32_array, "value", &value) ||
      !need(env, bin.length == feature.length && left.length == feature.length && right.length == feature.length && value.length == feature.length,
            "gbtGrowTree: the tree arrays must have one length"))
    return nullptr;
  const double *g = growth.data;
  const GbtGrowth how{int64_t(g[0]), int64_t(g[1]), g[2], g[3], g[4]};
  const int64_t nodes = gbt_grow_tree(bins.view(), gradients.data, hessians.data, how, row_values.data,
                                      {feature.length, feature.data, bin.data, left.data, right.data, value.data});
  if (!need(env, nodes >= 0, "gbtGrowTree: the tree has more nodes than the arrays hold")) return nullptr;
  napi_value result;
  napi_create_double(env, double(nodes), &result);
  return result;
}

napi_value CartSortRows(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!read_args(env, info, 5, argv, "cartSortRows")) return nullptr;
  View<float> features, sorted_values;
  View<int32_t> order;
  double count = 0, width = 0;
  if (!need(env, napi_get_value_double(env, argv[1], &count) == napi_ok && napi_get_value_double(env, argv[2], &width) == napi_ok && count >= 0 && width >= 0,
            "cartSortRows: count and width must be numbers ≥ 0") ||
      !typed(env, argv[0], napi_float32_array, "features", &features) ||
      !typed(env, argv[3], napi_int32_array, "order", &order) ||
      !typed(env, argv[4], napi_float32_array, "sortedValues", &sorted_values) ||
      !need(env, double(features.length) == count * width && order.length == features.length && sorted_values.length == features.length,
            "cartSortRows: features, order and sortedValues must all be count × width"))
    return nullptr;
  cart_sort_rows(reinterpret_cast<const uint32_t *>(features.data), int64_t(count), int64_t(width), order.data,
                 reinterpret_cast<uint32_t *>(sorted_values.data));
  napi_value result;
  napi_get_undefined(env, &result);
  return result;
}

}  // namespace mh
