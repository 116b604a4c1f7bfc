// gbtBins(shape, binned, offsets, edges) → an opaque handle holding a checked copy of a fit's bins
//   (src/boosting/feature-bins.ts; shape Int32Array [count, width, totalBins], binned Uint16Array
//   count × width column-major), kept row-major for histograms and partitions, and the scratch its trees
//   reuse; freed with the handle, and counted as external memory so V8 collects it in time.
// gbtGrowTree(handle, growth, gradients, hessians, rowValues, feature, bin, left, right, value)
//   → the tree's node count; growth Float64Array [maxDepth, minSamplesLeaf, l2, learningRate,
//   maxDeltaStep]; gradients, hessians and rowValues Float64Array of count; the tree arrays
//   (Int32Array ×4, Float32Array) all of one length, the most nodes the tree may have.
// cartSortRows(features, count, width, order, sortedValues): cart-sort.h, on a Float32Array of
//   count × width finite features into an Int32Array and a Float32Array of width × count.
// Every argument is checked here (the bins once, when the handle is made), so no call reads or
// writes outside a buffer whatever it passes, and a failed allocation is a JS error, not an abort.
#include "trees-addon.h"

#include <cmath>
#include <new>
#include <vector>

#include "cart-sort.h"
#include "gbt-tree.h"
#include "napi-args.h"

namespace mh {

namespace {

// Tags a gbtBins handle, so that another external passed in its place is refused.
const napi_type_tag kBinsTag = {0x6d756c7469686f70ULL, 0x67627462696e7331ULL};

struct BinsHandle {
  GbtBins bins;
  int64_t external_bytes = 0;
};

void finalize_bins(napi_env env, void *data, void *) {
  auto *handle = static_cast<BinsHandle *>(data);
  int64_t ignored = 0;
  napi_adjust_external_memory(env, -handle->external_bytes, &ignored);
  delete handle;
}

// Copies column-major `binned` into `bins` row-major, checking that every
// feature's bins lie inside the histogram and every row's bin is one of its feature's.
bool fill_bins(napi_env env, const uint16_t *binned, GbtBins *bins) {
  const int64_t count = bins->count, width = bins->width;
  for (int64_t f = 0; f < width; f++) {
    const int64_t offset = bins->offsets[f], edges = bins->edges[f];
    if (!need(env, offset >= 0 && edges >= 0 && offset + edges + 1 <= bins->total_bins, "gbtBins: a feature's bins lie outside the histogram"))
      return false;
  }
  bins->row_bins.resize(count * width);
  for (int64_t f = 0; f < width; f++) {
    const uint16_t *column = binned + f * count;
    const int64_t edges = bins->edges[f];
    for (int64_t i = 0; i < count; i++) {
      if (!need(env, column[i] <= edges, "gbtBins: a row's bin is not one of its feature's")) return false;
      bins->row_bins[i * width + f] = column[i];
    }
  }
  return true;
}

// A whole number in [low, high], or a JS error naming it.
bool whole(napi_env env, double value, double low, double high, const char *what) {
  return need(env, std::isfinite(value) && value == std::floor(value) && value >= low && value <= high, what);
}

}  // namespace

napi_value GbtBinsPrepare(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!read_args(env, info, 4, argv, "gbtBins")) return nullptr;
  View<int32_t> shape, offsets, edges;
  View<uint16_t> binned;
  if (!typed(env, argv[0], napi_int32_array, "shape", &shape) || !need(env, shape.length == 3, "gbtBins: shape needs count, width, totalBins"))
    return nullptr;
  const int64_t count = shape.data[0], width = shape.data[1], total_bins = shape.data[2];
  if (!need(env, count > 0 && width > 0 && total_bins > 0, "gbtBins: count, width and totalBins must be positive") ||
      !typed(env, argv[1], napi_uint16_array, "binned", &binned) ||
      !typed(env, argv[2], napi_int32_array, "offsets", &offsets) ||
      !typed(env, argv[3], napi_int32_array, "edges", &edges) ||
      !need(env, binned.length == count * width, "gbtBins: binned must be count × width") ||
      !need(env, offsets.length == width && edges.length == width, "gbtBins: offsets and edges need one entry per feature"))
    return nullptr;
  auto *handle = new BinsHandle();
  try {
    GbtBins &bins = handle->bins;
    bins.count = count;
    bins.width = width;
    bins.total_bins = total_bins;
    bins.offsets.assign(offsets.data, offsets.data + width);
    bins.edges.assign(edges.data, edges.data + width);
    if (!fill_bins(env, binned.data, &bins)) {
      delete handle;
      return nullptr;
    }
  } catch (const std::bad_alloc &) {
    delete handle;
    throw_error(env, "gbtBins: out of memory");
    return nullptr;
  }
  // The bins' copy; the histograms the trees add are a few of 3 · totalBins doubles.
  handle->external_bytes = int64_t(sizeof(uint16_t)) * count * width;
  napi_value result;
  int64_t ignored = 0;
  if (napi_create_external(env, handle, finalize_bins, nullptr, &result) != napi_ok) {
    delete handle;
    throw_error(env, "gbtBins: could not create the handle");
    return nullptr;
  }
  napi_adjust_external_memory(env, handle->external_bytes, &ignored);
  napi_type_tag_object(env, result, &kBinsTag);
  return result;
}

napi_value GbtGrowTree(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  if (!read_args(env, info, 10, argv, "gbtGrowTree")) return nullptr;
  napi_valuetype type;
  void *data = nullptr;
  bool tagged = false;
  if (!need(env, napi_typeof(env, argv[0], &type) == napi_ok && type == napi_external &&
                     napi_check_object_type_tag(env, argv[0], &kBinsTag, &tagged) == napi_ok && tagged &&
                     napi_get_value_external(env, argv[0], &data) == napi_ok,
            "gbtGrowTree: the first argument must be a gbtBins handle"))
    return nullptr;
  GbtBins &bins = static_cast<BinsHandle *>(data)->bins;
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
  if (!whole(env, g[0], 0, 1e6, "gbtGrowTree: maxDepth must be a whole number from 0") ||
      !whole(env, g[1], 0, 2147483647.0, "gbtGrowTree: minSamplesLeaf must be a whole number from 0") ||
      !need(env, std::isfinite(g[2]) && g[2] >= 0 && std::isfinite(g[3]) && std::isfinite(g[4]) && g[4] >= 0,
            "gbtGrowTree: l2, learningRate and maxDeltaStep must be finite (l2 and maxDeltaStep ≥ 0)"))
    return nullptr;
  const GbtGrowth how{int64_t(g[0]), int64_t(g[1]), g[2], g[3], g[4]};
  int64_t nodes = -1;
  try {
    nodes = gbt_grow_tree(bins, gradients.data, hessians.data, how, row_values.data,
                          {feature.length, feature.data, bin.data, left.data, right.data, value.data});
  } catch (const std::bad_alloc &) {
    throw_error(env, "gbtGrowTree: out of memory");
    return nullptr;
  }
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
  if (!need(env, napi_get_value_double(env, argv[1], &count) == napi_ok && napi_get_value_double(env, argv[2], &width) == napi_ok,
            "cartSortRows: count and width must be numbers") ||
      !whole(env, count, 0, 2147483647.0, "cartSortRows: count must be a whole number from 0") ||
      !whole(env, width, 0, 2147483647.0, "cartSortRows: width must be a whole number from 0") ||
      !typed(env, argv[0], napi_float32_array, "features", &features) ||
      !typed(env, argv[3], napi_int32_array, "order", &order) ||
      !typed(env, argv[4], napi_float32_array, "sortedValues", &sorted_values) ||
      !need(env, int64_t(count) * int64_t(width) == features.length && order.length == features.length && sorted_values.length == features.length,
            "cartSortRows: features, order and sortedValues must all be count × width"))
    return nullptr;
  try {
    cart_sort_rows(reinterpret_cast<const uint32_t *>(features.data), int64_t(count), int64_t(width), order.data,
                   reinterpret_cast<uint32_t *>(sorted_values.data));
  } catch (const std::bad_alloc &) {
    throw_error(env, "cartSortRows: out of memory");
    return nullptr;
  }
  napi_value result;
  napi_get_undefined(env, &result);
  return result;
}

}  // namespace mh
