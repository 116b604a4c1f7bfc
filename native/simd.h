// Run-time choice of the SIMD instruction set for the hot kernels (GEMM micro-kernels, direct
// convolution, fused dense step). The addon is compiled for a portable baseline; each hot kernel
// is written once as a template over the vector width VL (floats per register) and instantiated
// three times: inside a function with __attribute__((target("avx512f,…"))), one with
// target("avx2,fma") and one baseline. `flatten` inlines the template (and every helper it calls)
// into that function, so its loops are compiled for that instruction set only; nothing compiled
// for AVX-512 is shared with, or reachable from, the other paths. `simd_level()` picks the best
// level the CPU and OS support when the addon loads (GCC's __builtin_cpu_supports checks both).
#pragma once
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#define MH_X86 1
#define MH_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma"), flatten))
#define MH_TARGET_AVX2 __attribute__((target("avx2,fma"), flatten))
#else
#define MH_X86 0
#endif
#define MH_TARGET_BASE __attribute__((flatten))

namespace mh {

/** Instruction sets a kernel can run with; Base = the compile target (SSE2 on x86-64, NEON on arm64). */
enum class Simd { Base = 0, Avx2 = 1, Avx512 = 2 };

/** Best level this CPU supports. */
Simd simd_supported();
/** Level the kernels use now (simd_supported() unless lowered by set_simd_level or MULTIHOP_SIMD). */
Simd simd_level();
/** Uses `level` from now on; false (and no change) when the CPU lacks it. */
bool set_simd_level(Simd level);
const char *simd_name(Simd level);
/** Parses 'avx512' | 'avx2' | 'base'; false for anything else. */
bool parse_simd(const char *name, Simd *level);

/** A GCC vector of VL floats, aligned and unaligned. */
template <int VL>
struct Vec {
  typedef float type __attribute__((vector_size(VL * 4)));
  typedef float unaligned __attribute__((vector_size(VL * 4), aligned(4)));
};

template <int VL>
inline typename Vec<VL>::type load(const float *p) {
  return *reinterpret_cast<const typename Vec<VL>::unaligned *>(p);
}

template <int VL>
inline void store(float *p, typename Vec<VL>::type v) {
  *reinterpret_cast<typename Vec<VL>::unaligned *>(p) = v;
}

// Calls the Avx512, Avx2 or Base instantiation of a kernel, by the level in use.
#if MH_X86
#define MH_DISPATCH(name, ...)                                 \
  switch (::mh::simd_level()) {                                \
    case ::mh::Simd::Avx512: return name##_avx512(__VA_ARGS__); \
    case ::mh::Simd::Avx2: return name##_avx2(__VA_ARGS__);     \
    default: return name##_base(__VA_ARGS__);                  \
  }
#else
#define MH_DISPATCH(name, ...) return name##_base(__VA_ARGS__);
#endif

}  // namespace mh
