// See gbt-tree.h. Every sum runs in the order histogram-tree.ts sums it, and nothing may be fused
// or reassociated: the JS and native paths must agree to the bit (test/gbt-native-parity.test.ts).
#pragma GCC optimize("fp-contract=off")
#include "gbt-tree.h"

#include <algorithm>
#include <vector>

namespace mh {

namespace {

constexpr double kMinHessian = 1e-3;

struct OpenNode {
  int64_t id, start, end, depth;
  /** Index into the histogram pool; -1 for a node that becomes a leaf without a search. */
  int64_t histogram;
};

struct Split {
  int64_t feature = -1, bin = -1;
  double gain = 0;
};

int64_t take_histogram(GbtBins &bins) {
  if (!bins.spare.empty()) {
    const int64_t index = bins.spare.back();
    bins.spare.pop_back();
    return index;
  }
  bins.histograms.emplace_back(3 * bins.total_bins);
  return int64_t(bins.histograms.size()) - 1;
}

// Gradient, hessian and row-count sums per bin, interleaved, of rows[start, end), row at a time.
void build_histogram(const GbtBins &bins, int64_t start, int64_t end, const double *gradients, const double *hessians,
                     double *histogram) {
  const int64_t width = bins.width;
  const int32_t *offsets = bins.offsets.data();
  const int32_t *rows = bins.rows.data();
  std::fill(histogram, histogram + 3 * bins.total_bins, 0.0);
  for (int64_t k = start; k < end; k++) {
    const int64_t row = rows[k];
    const double g = gradients[row], h = hessians[row];
    const uint16_t *row_bins = bins.row_bins.data() + row * width;
    for (int64_t f = 0; f < width; f++) {
      double *b = histogram + 3 * (int64_t(offsets[f]) + row_bins[f]);
      b[0] += g;
      b[1] += h;
      b[2] += 1;
    }
  }
}

Split best_split(const GbtBins &bins, const double *histogram, const GbtGrowth &growth) {
  double g = 0, h = 0, n = 0;
  for (int64_t b = 0; b < bins.edges[0] + 1; b++) {
    g += histogram[3 * b];
    h += histogram[3 * b + 1];
    n += histogram[3 * b + 2];
  }
  const double parent_score = (g * g) / (h + growth.l2);
  const double min_leaf = double(growth.min_samples_leaf);
  Split best;
  for (int64_t f = 0; f < bins.width; f++) {
    const double *feature = histogram + 3 * int64_t(bins.offsets[f]);
    double gl = 0, hl = 0, nl = 0;
    for (int64_t b = 0, last = bins.edges[f]; b < last; b++) {
      gl += feature[3 * b];
      hl += feature[3 * b + 1];
      nl += feature[3 * b + 2];
      if (nl < min_leaf) continue;
      if (n - nl < min_leaf) break;
      const double hr = h - hl;
      if (hl < kMinHessian || hr < kMinHessian) continue;
      const double gr = g - gl;
      const double gain = (gl * gl) / (hl + growth.l2) + (gr * gr) / (hr + growth.l2) - parent_score;
      if (gain > 0 && (best.feature < 0 || gain > best.gain)) best = {f, b, gain};
    }
  }
  return best;
}

// step clipped to ±cap (0: no cap); NaN stays NaN, as with Math.min/Math.max.
double capped_step(double step, double cap) {
  if (!(cap > 0)) return step;
  return step > cap ? cap : step < -cap ? -cap : step;
}

}  // namespace

int64_t gbt_grow_tree(GbtBins &bins, const double *gradients, const double *hessians, const GbtGrowth &growth,
                      double *row_values, const GbtTreeOut &out) {
  const int64_t total = 3 * bins.total_bins;
  auto &histograms = bins.histograms;
  auto &spare = bins.spare;
  auto &rows = bins.rows;
  spare.clear();
  for (int64_t i = 0; i < int64_t(histograms.size()); i++) spare.push_back(i);
  rows.resize(bins.count);
  for (int64_t i = 0; i < bins.count; i++) rows[i] = int32_t(i);
  if (out.capacity < 1) return -1;
  // A new node is a leaf with value 0 until it splits or its value is set.
  auto open_node = [&](int64_t id) { out.feature[id] = -1, out.bin[id] = -1, out.left[id] = -1, out.right[id] = -1, out.value[id] = 0; };
  int64_t nodes = 1;
  open_node(0);
  auto searched = [&](int64_t depth, int64_t count) {
    return depth < growth.max_depth && count >= 2 * growth.min_samples_leaf;
  };
  auto histogram_for = [&](int64_t start, int64_t end) {
    const int64_t index = take_histogram(bins);
    build_histogram(bins, start, end, gradients, hessians, histograms[index].data());
    return index;
  };
  std::vector<OpenNode> stack{{0, 0, bins.count, 0, histogram_for(0, bins.count)}};
  while (!stack.empty()) {
    const OpenNode node = stack.back();
    stack.pop_back();
    const Split split = node.histogram >= 0 && searched(node.depth, node.end - node.start)
                            ? best_split(bins, histograms[node.histogram].data(), growth)
                            : Split{};
    if (split.feature < 0) {
      if (node.histogram >= 0) spare.push_back(node.histogram);
      double g = 0, h = 0;
      for (int64_t k = node.start; k < node.end; k++) {
        g += gradients[rows[k]];
        h += hessians[rows[k]];
      }
      const float leaf =
          h + growth.l2 > 0 ? float(-growth.learning_rate * capped_step(g / (h + growth.l2), growth.max_delta_step)) : 0.0f;
      out.value[node.id] = leaf;
      for (int64_t k = node.start; k < node.end; k++) row_values[rows[k]] = double(leaf);
      continue;
    }
    // The same swap partition as histogram-tree.ts (bin ≤ split.bin to the front), so the rows
    // keep the order in which the children's sums add them.
    const uint16_t *feature_bins = bins.row_bins.data() + split.feature;
    const int64_t width = bins.width;
    int64_t mid = node.start;
    for (int64_t k = node.start; k < node.end; k++) {
      const int32_t row = rows[k];
      if (feature_bins[row * width] <= split.bin) {
        rows[k] = rows[mid];
        rows[mid] = row;
        mid++;
      }
    }
    if (nodes + 2 > out.capacity) return -1;
    const int64_t left_id = nodes;
    open_node(left_id);
    open_node(left_id + 1);
    nodes += 2;
    out.feature[node.id] = int32_t(split.feature);
    out.bin[node.id] = int32_t(split.bin);
    out.left[node.id] = int32_t(left_id);
    out.right[node.id] = int32_t(left_id + 1);
    const int64_t depth = node.depth + 1;
    if (!searched(depth, mid - node.start) && !searched(depth, node.end - mid)) {
      spare.push_back(node.histogram);
      stack.push_back({left_id + 1, mid, node.end, depth, -1});
      stack.push_back({left_id, node.start, mid, depth, -1});
      continue;
    }
    const bool left_smaller = mid - node.start <= node.end - mid;
    const int64_t small = left_smaller ? histogram_for(node.start, mid) : histogram_for(mid, node.end);
    const int64_t large = node.histogram;
    double *large_data = histograms[large].data();
    const double *small_data = histograms[small].data();
    for (int64_t b = 0; b < total; b++) large_data[b] -= small_data[b];
    stack.push_back({left_id + 1, mid, node.end, depth, left_smaller ? large : small});
    stack.push_back({left_id, node.start, mid, depth, left_smaller ? small : large});
  }
  return nodes;
}

}  // namespace mh
