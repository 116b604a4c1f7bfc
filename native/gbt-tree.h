// One regression tree of a gradient-boosting round, grown on histograms of gradients and
// hessians: the same algorithm, visiting order and floating-point operations as
// src/boosting/histogram-tree.ts, so both give the same tree and leaf values to the bit.
#pragma once
#include <cstdint>

namespace mh {

/** The training rows' bins (src/boosting/feature-bins.ts's FeatureBins). */
struct GbtBins {
  int64_t count, width, total_bins;
  /** Row i's histogram slot in feature f at row_bins[i * width + f] (feature offset added). */
  const int32_t *row_bins;
  /** Row i's bin in feature f at binned[f * count + i]. */
  const uint16_t *binned;
  /** Where feature f's bins start in a histogram. */
  const int32_t *offsets;
  /** Feature f's number of bin edges (its bins: edges + 1). */
  const int32_t *edges;
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
int64_t gbt_grow_tree(const GbtBins &bins, const double *gradients, const double *hessians, const GbtGrowth &growth,
                      double *row_values, const GbtTreeOut &out);

}  // namespace mh
