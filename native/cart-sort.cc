// See cart-sort.h: a stable least-significant-digit radix sort of order-preserving integer keys,
// one feature at a time. Stable from the identity order, so equal values stay by row index, as in
// cart-sort.ts; any stable sort of the same keys gives the same result.
#include "cart-sort.h"

#include <vector>

namespace mh {

namespace {

// An unsigned key that orders as the float32 with these bits does (−0 as +0).
inline uint32_t sort_key(uint32_t bits) {
  if (bits == 0x80000000u) bits = 0;
  return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

inline uint32_t value_bits(uint32_t key) { return (key & 0x80000000u) ? (key ^ 0x80000000u) : ~key; }

constexpr int kDigitBits = 8;
constexpr int kDigits = 32 / kDigitBits;
constexpr uint32_t kBuckets = 1u << kDigitBits;

}  // namespace

void cart_sort_rows(const uint32_t *features, int64_t count, int64_t width, int32_t *order, uint32_t *sorted_values) {
  std::vector<uint32_t> keys(count);
  std::vector<int32_t> from(count), to(count);
  std::vector<int64_t> buckets(kDigits * kBuckets);
  for (int64_t f = 0; f < width; f++) {
    std::fill(buckets.begin(), buckets.end(), 0);
    for (int64_t i = 0; i < count; i++) {
      const uint32_t key = sort_key(features[i * width + f]);
      keys[i] = key;
      for (int d = 0; d < kDigits; d++) buckets[d * kBuckets + ((key >> (d * kDigitBits)) & (kBuckets - 1))]++;
    }
    for (int64_t i = 0; i < count; i++) from[i] = int32_t(i);
    for (int d = 0; d < kDigits; d++) {
      int64_t *digit = buckets.data() + d * kBuckets;
      const int shift = d * kDigitBits;
      // A digit every key shares leaves the order as it is.
      if (count == 0 || digit[(keys[0] >> shift) & (kBuckets - 1)] == count) continue;
      int64_t sum = 0;
      for (uint32_t b = 0; b < kBuckets; b++) {
        const int64_t here = digit[b];
        digit[b] = sum;
        sum += here;
      }
      for (int64_t i = 0; i < count; i++) {
        const int32_t row = from[i];
        to[digit[(keys[row] >> shift) & (kBuckets - 1)]++] = row;
      }
      from.swap(to);
    }
    int32_t *out_order = order + f * count;
    uint32_t *out_values = sorted_values + f * count;
    for (int64_t j = 0; j < count; j++) {
      out_order[j] = from[j];
      out_values[j] = value_bits(keys[from[j]]);
    }
  }
}

}  // namespace mh
