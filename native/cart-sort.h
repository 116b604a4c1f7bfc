// Each feature's rows in ascending float32 order, ties by row index (src/cart/cart-sort.ts's
// sortRows, which this replaces when the addon is loaded: both give the same orders and values).
#pragma once
#include <cstdint>

namespace mh {

/**
 * features: count × width row-major float32 bit patterns, all finite. Writes feature f's row order
 * to order[f·count …] and its values in that order (−0 as +0) to sorted_values[f·count …].
 */
void cart_sort_rows(const uint32_t *features, int64_t count, int64_t width, int32_t *order, uint32_t *sorted_values);

}  // namespace mh
