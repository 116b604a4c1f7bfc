// One regression tree of a gradient-boosting round, grown on histograms of gradients and
// hessians: the same algorithm, visiting order and floating-point operations as
// src/boosting/histogram-tree.ts, so both give the same tree and leaf values to the bit.
#pragma once
#include <cstdint>
#include <vector>

namespace mh {

/**
 * A boosting fit's training rows' bins (src/boosting/feature-bins.ts's FeatureBins) and the
 * scratch its trees reuse from one to the next, as histogram-tree.ts's spares: owned by one fit
 * and freed with it.
 */
struct GbtBins {
  int64_t count = 0, width = 0, total_bins = 0;
  /** Row i's bin in feature f at row_bins[i * width + f] (row-major: histograms read a row at a time). */
  std::vector<uint16_t> row_bins;
  /** Where feature f's bins start in a histogram. */
  std::vector<int32_t> offsets;
  /** Feature f's number of bin edges (its bins: edges + 1). */
  std::vector<int32_t> edges;
  /** Scratch: histograms (3 · total_bins doubles each), the free ones, and the rows in node order. */
  std::vector<std::vector<double>> histograms;
  std::vector<int64_t> spare;
  std::vector<int32_t> rows;
};

/** How the tree grows (histogram-tree.ts's TreeGrowth). */
struct GbtGrowth {
  int64_t max_depth, min_samples_leaf;
  double l2, learning_rate, max_delta_step;
};

/**
 * The grown tree in node order (root 0; children of a split at consecutive ids): feature (-1 for
 * a leaf), the split's bin (its threshold is edge[feature][bin]), left, right and leaf value.
 * Arrays hold `capacity` nodes.
 */
struct GbtTreeOut {
  int64_t capacity;
  int32_t *feature, *bin, *left, *right;
  float *value;
};

/**
 * Grows the tree on every row and writes each row's leaf value into row_values[count]. Returns
 * the number of nodes, or -1 when they would not fit in `capacity`.
 */
int64_t gbt_grow_tree(GbtBins &bins, const double *gradients, const double *hessians, const GbtGrowth &growth,
                      double *row_values, const GbtTreeOut &out);

}  // namespace mh
