// The cuda engine's kernel module: every kernel as extern "C" entry points, <name>_f32 (complex64 states) and
// <name>_f64 (complex128). Compiled to PTX by src/engines/cuda/build.ts (`npm run build:ptx`, clang, no CUDA
// toolkit) and, for tests, for the host by host/driver.cpp, which registers each entry through HOST_REGISTER.
#include "device.h"
#include "gates.cuh"
#include "states.cuh"

#ifndef HOST_REGISTER
#define HOST_REGISTER(NAME)
#endif
#define PLATEAU_KERNEL(NAME, PARAMS, CALL) \
  KERNEL void NAME PARAMS { CALL; }       \
  HOST_REGISTER(NAME)

#define DEFINE_FOR_PRECISION(R, S)                                                                                         \
  PLATEAU_KERNEL(mat2_##S, (Cx<R> * psi, u32 dim, u32 stride, u32 controls, const R* coef, u32 cs, int dagger),          \
                 mat2(psi, dim, stride, controls, coef, cs, dagger))                                                       \
  PLATEAU_KERNEL(mat2_adjoint_##S,                                                                                         \
                 (Cx<R> * psi, Cx<R> * lam, u32 dim, u32 stride, u32 controls, const R* coef, u32 cs, double* partial),    \
                 mat2_adjoint(psi, lam, dim, stride, controls, coef, cs, partial))                                         \
  PLATEAU_KERNEL(pauli_##S, (Cx<R> * psi, u32 dim, u32 flip, u32 zMask, u32 pivot, const R* coef, u32 cs, int inverse),   \
                 pauli(psi, dim, flip, zMask, pivot, coef, cs, inverse))                                                   \
  PLATEAU_KERNEL(pauli_adjoint_##S,                                                                                        \
                 (Cx<R> * psi, Cx<R> * lam, u32 dim, u32 flip, u32 zMask, u32 pivot, const R* coef, u32 cs, double* partial), \
                 pauli_adjoint(psi, lam, dim, flip, zMask, pivot, coef, cs, partial))                                      \
  PLATEAU_KERNEL(diag_##S, (Cx<R> * psi, u32 dim, const u32* masks, u32 K, const R* coef, u32 cs, int dagger),             \
                 diag(psi, dim, masks, K, coef, cs, dagger))                                                               \
  PLATEAU_KERNEL(diag_adjoint_##S,                                                                                         \
                 (Cx<R> * psi, Cx<R> * lam, u32 dim, const u32* masks, u32 K, const R* coef, u32 cs, u32 first, u32 count, \
                  int uncompute, double* partial),                                                                         \
                 diag_adjoint(psi, lam, dim, masks, K, coef, cs, first, count, uncompute, partial))                        \
  PLATEAU_KERNEL(flip_##S, (Cx<R> * psi, u32 dim, u32 stride, u32 controls), flip(psi, dim, stride, controls))             \
  PLATEAU_KERNEL(swap_##S, (Cx<R> * psi, u32 dim, u32 ma, u32 mb), swap(psi, dim, ma, mb))                                 \
  PLATEAU_KERNEL(mat4_##S, (Cx<R> * psi, u32 dim, u32 m0, u32 m1, const R* m), mat4(psi, dim, m0, m1, m))                  \
  PLATEAU_KERNEL(basis0_##S, (Cx<R> * psi, u32 dim), basis0(psi, dim))                                                     \
  PLATEAU_KERNEL(load_state_##S, (Cx<R> * psi, const float* re, const float* im, u32 dim, int shared),                    \
                 load_state(psi, re, im, dim, shared))                                                                     \
  PLATEAU_KERNEL(born_f32_##S, (const Cx<R>* psi, float* out, u32 dim), born_f32(psi, out, dim))                          \
  PLATEAU_KERNEL(split_f32_##S, (const Cx<R>* psi, float* out, u32 dim, u64 imOffset), split_f32(psi, out, dim, imOffset)) \
  PLATEAU_KERNEL(seed_probs_##S, (const Cx<R>* psi, const float* dy, Cx<R>* lam, u32 dim), seed_probs(psi, dy, lam, dim))  \
  PLATEAU_KERNEL(seed_amplitudes_##S, (const float* dy, Cx<R>* lam, u32 dim, u64 imOffset),                               \
                 seed_amplitudes(dy, lam, dim, imOffset))                                                                  \
  PLATEAU_KERNEL(born_minus_##S, (const Cx<R>* psi, const double* p, int pShared, double* v, u32 dim),                    \
                 born_minus(psi, p, pShared, v, dim))                                                                      \
  PLATEAU_KERNEL(seed_dq_##S, (const Cx<R>* psi, const double* g, Cx<R>* lam, u32 dim), seed_dq(psi, g, lam, dim))         \
  PLATEAU_KERNEL(kl_sum_##S, (const Cx<R>* psi, const double* p, int pShared, double eps, u32 dim, double* partial),      \
                 kl_sum(psi, p, pShared, eps, dim, partial))                                                               \
  PLATEAU_KERNEL(kl_seed_##S,                                                                                              \
                 (const Cx<R>* psi, const double* p, int pShared, double eps, const double* dy, Cx<R>* lam, u32 dim),      \
                 kl_seed(psi, p, pShared, eps, dy, lam, dim))                                                              \
  PLATEAU_KERNEL(tvd_sum_##S, (const Cx<R>* psi, const double* p, int pShared, u32 dim, double* partial),                  \
                 tvd_sum(psi, p, pShared, dim, partial))                                                                   \
  PLATEAU_KERNEL(tvd_seed_##S,                                                                                             \
                 (const Cx<R>* psi, const double* p, int pShared, double scale, const double* dy, Cx<R>* lam, u32 dim),    \
                 tvd_seed(psi, p, pShared, scale, dy, lam, dim))

DEFINE_FOR_PRECISION(float, f32)
DEFINE_FOR_PRECISION(double, f64)

PLATEAU_KERNEL(wht1, (double* v, u32 dim, u32 low), wht_pass<1>(v, dim, low))
PLATEAU_KERNEL(wht2, (double* v, u32 dim, u32 low), wht_pass<2>(v, dim, low))
PLATEAU_KERNEL(wht3, (double* v, u32 dim, u32 low), wht_pass<3>(v, dim, low))
PLATEAU_KERNEL(wht4, (double* v, u32 dim, u32 low), wht_pass<4>(v, dim, low))
PLATEAU_KERNEL(mmd_sum, (const double* v, const double* w, u32 dim, double* partial), mmd_partial(v, w, dim, partial))
PLATEAU_KERNEL(mmd_cotangent, (double* v, const double* w, const double* dy, u32 dim), mmd_scale(v, w, dy, dim))
PLATEAU_KERNEL(reduce_sum, (const double* in, double* out, u32 T, u32 K, u32 C, u64 outStride, u32 outOffset),
               reduce_level(in, out, T, K, C, outStride, outOffset))
PLATEAU_KERNEL(probe_args, (u64 * out, int a, double b, u32 c, float d, u64 e), write_args(out, a, b, c, d, e))
