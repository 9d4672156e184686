// Portability layer of the cuda engine's kernels. The same sources compile
//  - to PTX with clang in CUDA mode and no CUDA installation (build.ts; thread indices from PTX special registers),
//  - for the host with g++/clang++ (host/driver.cpp), where each GPU thread is one iteration of a loop over the grid.
// Math that CUDA would take from libdevice (not linked: -nocudalib) is written here: sincos and log.
#pragma once

typedef unsigned int u32;
typedef unsigned long long u64;

#if defined(__CUDA__)
#define KERNEL extern "C" __attribute__((global))
#define DEV __attribute__((device, always_inline)) static inline
#define DEVT __attribute__((device, always_inline)) inline
DEV u32 thread_x() { return __nvvm_read_ptx_sreg_ctaid_x() * __nvvm_read_ptx_sreg_ntid_x() + __nvvm_read_ptx_sreg_tid_x(); }
DEV u32 threads_x() { return __nvvm_read_ptx_sreg_nctaid_x() * __nvvm_read_ptx_sreg_ntid_x(); }
DEV u32 row_y() { return __nvvm_read_ptx_sreg_ctaid_y(); }
#else
#define KERNEL extern "C"
#define DEV static inline
#define DEVT inline
/** The grid position of the emulated thread that runs now (set by host/driver.cpp before each call). */
struct HostThread {
  u32 ctaid_x, ntid_x, tid_x, nctaid_x, ctaid_y;
};
static thread_local HostThread host_thread;
DEV u32 thread_x() { return host_thread.ctaid_x * host_thread.ntid_x + host_thread.tid_x; }
DEV u32 threads_x() { return host_thread.nctaid_x * host_thread.ntid_x; }
DEV u32 row_y() { return host_thread.ctaid_y; }
#endif

/** One complex amplitude; aligned so that a float pair loads as one 8-byte word. */
template <class R> struct alignas(2 * sizeof(R)) Cx {
  R re, im;
};

DEV int parity(u32 v) { return __builtin_popcount(v) & 1; }
/** (−1)^{|v|}. */
template <class R> DEVT R zsign(u32 v) { return parity(v) ? R(-1) : R(1); }

/** k with a zero bit inserted at the position of the single-bit mask m (enumerates indices whose m bit is clear). */
DEV u32 insert_zero(u32 k, u32 m) {
  u32 lo = k & (m - 1);
  return ((k ^ lo) << 1) | lo;
}

/**
 * sin and cos by Cody–Waite reduction to r ∈ [−π/4, π/4] (π/2 split in parts whose products with the quadrant k are
 * exact: fdlibm's pio2_1/pio2_1t in double, Cephes' DP1..DP3 in float) and Taylor polynomials to the precision's
 * rounding: degree 17/18 in double, 9/10 in float.
 */
DEV void sincos_r(double x, double* s, double* c) {
  const double k = __builtin_rint(x * 0.63661977236758134308);
  const double r = (x - k * 1.57079632673412561417e+00) - k * 6.07710050650619224932e-11;
  const double r2 = r * r;
  double ps = 1.0 / 355687428096000.0;  // 1/17!
  ps = ps * -r2 + 1.0 / 1307674368000.0;
  ps = ps * -r2 + 1.0 / 6227020800.0;
  ps = ps * -r2 + 1.0 / 39916800.0;
  ps = ps * -r2 + 1.0 / 362880.0;
  ps = ps * -r2 + 1.0 / 5040.0;
  ps = ps * -r2 + 1.0 / 120.0;
  ps = ps * -r2 + 1.0 / 6.0;
  const double sr = r - r * r2 * ps;
  double pc = 1.0 / 6402373705728000.0;  // 1/18!
  pc = pc * -r2 + 1.0 / 20922789888000.0;
  pc = pc * -r2 + 1.0 / 87178291200.0;
  pc = pc * -r2 + 1.0 / 479001600.0;
  pc = pc * -r2 + 1.0 / 3628800.0;
  pc = pc * -r2 + 1.0 / 40320.0;
  pc = pc * -r2 + 1.0 / 720.0;
  pc = pc * -r2 + 1.0 / 24.0;
  pc = pc * -r2 + 0.5;
  const double cr = 1.0 - r2 * pc;
  switch ((long long)k & 3) {
    case 0: *s = sr; *c = cr; break;
    case 1: *s = cr; *c = -sr; break;
    case 2: *s = -sr; *c = -cr; break;
    default: *s = -cr; *c = sr; break;
  }
}

DEV void sincos_r(float x, float* s, float* c) {
  const float k = __builtin_rintf(x * 0.636619772f);
  const float r = ((x - k * 1.5703125f) - k * 4.837512969970703125e-4f) - k * 7.54978995489188216e-8f;
  const float r2 = r * r;
  float ps = 1.0f / 362880.0f;
  ps = ps * -r2 + 1.0f / 5040.0f;
  ps = ps * -r2 + 1.0f / 120.0f;
  ps = ps * -r2 + 1.0f / 6.0f;
  const float sr = r - r * r2 * ps;
  float pc = 1.0f / 3628800.0f;
  pc = pc * -r2 + 1.0f / 40320.0f;
  pc = pc * -r2 + 1.0f / 720.0f;
  pc = pc * -r2 + 1.0f / 24.0f;
  pc = pc * -r2 + 0.5f;
  const float cr = 1.0f - r2 * pc;
  switch ((int)k & 3) {
    case 0: *s = sr; *c = cr; break;
    case 1: *s = cr; *c = -sr; break;
    case 2: *s = -sr; *c = -cr; break;
    default: *s = -cr; *c = sr; break;
  }
}

/**
 * Natural log in double: x = m·2^e with m ∈ [√½, √2), log x = e·ln 2 + 2 atanh((m − 1)/(m + 1)), the series to s^21
 * (|s| ≤ 0.172), ln 2 split as fdlibm's ln2_hi + ln2_lo. log 0 = −∞; negative or NaN input gives NaN.
 */
DEV double log_r(double x) {
  if (!(x > 0)) return x == 0 ? -__builtin_inf() : __builtin_nan("");
  if (x == __builtin_inf()) return x;
  int e = 0;
  if (x < 2.2250738585072014e-308) {  // subnormal: scale into the normal range first
    x *= 18014398509481984.0;  // 2^54
    e = -54;
  }
  u64 u = __builtin_bit_cast(u64, x);
  e += (int)(u >> 52) - 1023;
  double m = __builtin_bit_cast(double, (u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);  // m ∈ [1, 2)
  if (m > 1.41421356237309504880) {
    m *= 0.5;
    e += 1;
  }
  const double s = (m - 1.0) / (m + 1.0), s2 = s * s;
  double p = 1.0 / 21.0;
  p = p * s2 + 1.0 / 19.0;
  p = p * s2 + 1.0 / 17.0;
  p = p * s2 + 1.0 / 15.0;
  p = p * s2 + 1.0 / 13.0;
  p = p * s2 + 1.0 / 11.0;
  p = p * s2 + 1.0 / 9.0;
  p = p * s2 + 1.0 / 7.0;
  p = p * s2 + 1.0 / 5.0;
  p = p * s2 + 1.0 / 3.0;
  const double series = 2.0 * s + 2.0 * s * s2 * p;
  return e * 6.93147180369123816490e-01 + (series + e * 1.90821492927058770002e-10);
}
