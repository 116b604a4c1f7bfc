#include "simd.h"

#include <cstdlib>
#include <cstring>

namespace mh {

namespace {

Simd detect() {
#if MH_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq"))
    return Simd::Avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Simd::Avx2;
#endif
  return Simd::Base;
}

Simd initial() {
  const Simd best = detect();
  Simd wanted;
  const char *env = std::getenv("MULTIHOP_SIMD");
  return env != nullptr && parse_simd(env, &wanted) && wanted < best ? wanted : best;
}

const Simd g_supported = detect();
Simd g_level = initial();

}  // namespace

Simd simd_supported() { return g_supported; }
Simd simd_level() { return g_level; }

bool set_simd_level(Simd level) {
  if (level > g_supported) return false;
  g_level = level;
  return true;
}

const char *simd_name(Simd level) {
  switch (level) {
    case Simd::Avx512: return "avx512";
    case Simd::Avx2: return "avx2";
    default: return MH_X86 ? "sse2" : "base";
  }
}

bool parse_simd(const char *name, Simd *level) {
  if (std::strcmp(name, "avx512") == 0) *level = Simd::Avx512;
  else if (std::strcmp(name, "avx2") == 0) *level = Simd::Avx2;
  else if (std::strcmp(name, "base") == 0 || std::strcmp(name, "sse2") == 0) *level = Simd::Base;
  else return false;
  return true;
}

}  // namespace mh
