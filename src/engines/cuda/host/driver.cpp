// A host emulation of the part of the CUDA driver API that the cuda engine uses, with the driver's C signatures, so
// that tests load it in place of libcuda.so.1 (PLATEAU_CUDA_LIBRARY): memory is host memory, a "module" is every kernel
// of ../kernels/plateau.cu compiled into this library, and cuLaunchKernel runs each GPU thread of the grid in a loop.
// It keeps the driver's bookkeeping rules (cuInit first, known pointers only, bounded memory) and exports test hooks
// (plateau_fake_*) to inject CUresult failures, bound the memory and read counters. Not a simulator of GPU timing.
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <type_traits>
#include <utility>

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;

namespace {
using Launcher = std::function<void(void**)>;
std::map<std::string, Launcher>& kernels() {
  static std::map<std::string, Launcher> k;
  return k;
}
template <class... A, std::size_t... I> void call_with(void (*f)(A...), void** p, std::index_sequence<I...>) {
  f(*static_cast<std::remove_reference_t<A>*>(p[I])...);
}
template <class... A> bool register_kernel(const char* name, void (*f)(A...)) {
  kernels()[name] = [f](void** p) { call_with(f, p, std::index_sequence_for<A...>{}); };
  return true;
}
}  // namespace

#define HOST_REGISTER(NAME) static const bool registered_##NAME = register_kernel(#NAME, &NAME);
#include "../kernels/plateau.cu"

namespace {
enum : CUresult {
  SUCCESS = 0, INVALID_VALUE = 1, OUT_OF_MEMORY = 2, NOT_INITIALIZED = 3, NO_DEVICE = 100, INVALID_DEVICE = 101,
  INVALID_CONTEXT = 201, INVALID_PTX = 218, INVALID_HANDLE = 400, NOT_FOUND = 500, LAUNCH_OUT_OF_RESOURCES = 701,
};
struct State {
  bool initialised = false;
  int devices = 1;
  bool context = false;
  std::size_t total = std::size_t(1) << 30;
  std::size_t live = 0;
  std::map<CUdeviceptr, std::size_t> allocations;
  std::map<std::string, CUresult> failNext;
  long launches = 0;
  unsigned lastLaunch[6] = {0, 0, 0, 0, 0, 0};
  std::map<const void*, long> launchesOf;
};
State state;
char moduleToken, contextToken;

/** The injected failure of `fn`, once; else SUCCESS. */
CUresult injected(const char* fn) {
  auto it = state.failNext.find(fn);
  if (it == state.failNext.end()) return SUCCESS;
  CUresult r = it->second;
  state.failNext.erase(it);
  return r;
}
#define ENTER(fn)                                \
  do {                                           \
    if (CUresult r_ = injected(fn)) return r_;   \
    if (!state.initialised) return NOT_INITIALIZED; \
  } while (0)

bool known(CUdeviceptr p, std::size_t n) {
  auto it = state.allocations.upper_bound(p);
  if (it == state.allocations.begin()) return false;
  --it;
  return p >= it->first && p + n <= it->first + it->second;
}
}  // namespace

extern "C" {
CUresult cuInit(unsigned flags) {
  if (CUresult r = injected("cuInit")) return r;
  if (flags != 0) return INVALID_VALUE;
  if (state.devices == 0) return NO_DEVICE;
  state.initialised = true;
  return SUCCESS;
}
CUresult cuDriverGetVersion(int* v) {
  if (CUresult r = injected("cuDriverGetVersion")) return r;
  *v = 12040;
  return SUCCESS;
}
CUresult cuDeviceGetCount(int* n) {
  ENTER("cuDeviceGetCount");
  *n = state.devices;
  return SUCCESS;
}
CUresult cuDeviceGet(CUdevice* d, int ordinal) {
  ENTER("cuDeviceGet");
  if (ordinal < 0 || ordinal >= state.devices) return INVALID_DEVICE;
  *d = ordinal;
  return SUCCESS;
}
CUresult cuDeviceGetName(char* name, int len, CUdevice d) {
  ENTER("cuDeviceGetName");
  if (d < 0 || d >= state.devices) return INVALID_DEVICE;
  std::strncpy(name, "plateau host emulation (no GPU)", len);
  if (len > 0) name[len - 1] = 0;
  return SUCCESS;
}
CUresult cuDeviceTotalMem_v2(std::size_t* bytes, CUdevice d) {
  ENTER("cuDeviceTotalMem_v2");
  if (d < 0 || d >= state.devices) return INVALID_DEVICE;
  *bytes = state.total;
  return SUCCESS;
}
CUresult cuDeviceGetAttribute(int* v, int attrib, CUdevice d) {
  ENTER("cuDeviceGetAttribute");
  if (d < 0 || d >= state.devices) return INVALID_DEVICE;
  *v = attrib == 75 ? 8 : attrib == 76 ? 0 : 1;  // compute capability 8.0 (major 75, minor 76)
  return SUCCESS;
}
CUresult cuDevicePrimaryCtxRetain(void** ctx, CUdevice d) {
  ENTER("cuDevicePrimaryCtxRetain");
  if (d < 0 || d >= state.devices) return INVALID_DEVICE;
  *ctx = &contextToken;
  return SUCCESS;
}
CUresult cuCtxSetCurrent(void* ctx) {
  ENTER("cuCtxSetCurrent");
  if (ctx != &contextToken) return INVALID_CONTEXT;
  state.context = true;
  return SUCCESS;
}
CUresult cuCtxSynchronize() {
  ENTER("cuCtxSynchronize");
  return state.context ? SUCCESS : INVALID_CONTEXT;
}
CUresult cuModuleLoadData(void** mod, const void* image) {
  ENTER("cuModuleLoadData");
  if (!state.context) return INVALID_CONTEXT;
  if (!image || !std::strstr(static_cast<const char*>(image), ".version")) return INVALID_PTX;
  *mod = &moduleToken;
  return SUCCESS;
}
CUresult cuModuleGetFunction(void** fn, void* mod, const char* name) {
  ENTER("cuModuleGetFunction");
  if (mod != &moduleToken) return INVALID_HANDLE;
  auto it = kernels().find(name);
  if (it == kernels().end()) return NOT_FOUND;
  *fn = &it->second;
  return SUCCESS;
}
CUresult cuMemGetInfo_v2(std::size_t* free, std::size_t* total) {
  ENTER("cuMemGetInfo_v2");
  *free = state.total - state.live;
  *total = state.total;
  return SUCCESS;
}
CUresult cuMemAlloc_v2(CUdeviceptr* p, std::size_t n) {
  ENTER("cuMemAlloc_v2");
  if (!state.context) return INVALID_CONTEXT;
  if (n == 0) return INVALID_VALUE;
  if (n > state.total - state.live) return OUT_OF_MEMORY;
  void* mem = std::calloc(n, 1);
  if (!mem) return OUT_OF_MEMORY;
  *p = reinterpret_cast<CUdeviceptr>(mem);
  state.allocations[*p] = n;
  state.live += n;
  return SUCCESS;
}
CUresult cuMemFree_v2(CUdeviceptr p) {
  ENTER("cuMemFree_v2");
  auto it = state.allocations.find(p);
  if (it == state.allocations.end()) return INVALID_VALUE;
  state.live -= it->second;
  state.allocations.erase(it);
  std::free(reinterpret_cast<void*>(p));
  return SUCCESS;
}
CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, std::size_t n) {
  ENTER("cuMemcpyHtoD_v2");
  if (!known(dst, n)) return INVALID_VALUE;
  std::memcpy(reinterpret_cast<void*>(dst), src, n);
  return SUCCESS;
}
CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, std::size_t n) {
  ENTER("cuMemcpyDtoH_v2");
  if (!known(src, n)) return INVALID_VALUE;
  std::memcpy(dst, reinterpret_cast<void*>(src), n);
  return SUCCESS;
}
CUresult cuMemcpyDtoD_v2(CUdeviceptr dst, CUdeviceptr src, std::size_t n) {
  ENTER("cuMemcpyDtoD_v2");
  if (!known(dst, n) || !known(src, n)) return INVALID_VALUE;
  std::memmove(reinterpret_cast<void*>(dst), reinterpret_cast<void*>(src), n);
  return SUCCESS;
}
CUresult cuMemsetD8_v2(CUdeviceptr dst, unsigned char v, std::size_t n) {
  ENTER("cuMemsetD8_v2");
  if (!known(dst, n)) return INVALID_VALUE;
  std::memset(reinterpret_cast<void*>(dst), v, n);
  return SUCCESS;
}
CUresult cuLaunchKernel(void* fn, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shared, void* stream, void** params, void** extra) {
  ENTER("cuLaunchKernel");
  if (!fn || !params || extra || stream || shared) return INVALID_VALUE;
  if (gx == 0 || gy == 0 || gz != 1 || bx == 0 || by != 1 || bz != 1 || gy > 65535) return INVALID_VALUE;
  if (bx > 1024) return LAUNCH_OUT_OF_RESOURCES;
  state.launches++;
  state.launchesOf[fn]++;
  const unsigned dims[6] = {gx, gy, gz, bx, by, bz};
  std::memcpy(state.lastLaunch, dims, sizeof dims);
  const Launcher& run = *static_cast<Launcher*>(fn);
  for (unsigned y = 0; y < gy; y++)
    for (unsigned b = 0; b < gx; b++)
      for (unsigned t = 0; t < bx; t++) {
        host_thread = {b, bx, t, gx, y};
        run(params);
      }
  return SUCCESS;
}

static const char* errorName(CUresult e) {
  switch (e) {
    case SUCCESS: return "CUDA_SUCCESS";
    case INVALID_VALUE: return "CUDA_ERROR_INVALID_VALUE";
    case OUT_OF_MEMORY: return "CUDA_ERROR_OUT_OF_MEMORY";
    case NOT_INITIALIZED: return "CUDA_ERROR_NOT_INITIALIZED";
    case NO_DEVICE: return "CUDA_ERROR_NO_DEVICE";
    case INVALID_DEVICE: return "CUDA_ERROR_INVALID_DEVICE";
    case INVALID_CONTEXT: return "CUDA_ERROR_INVALID_CONTEXT";
    case INVALID_PTX: return "CUDA_ERROR_INVALID_PTX";
    case INVALID_HANDLE: return "CUDA_ERROR_INVALID_HANDLE";
    case NOT_FOUND: return "CUDA_ERROR_NOT_FOUND";
    case LAUNCH_OUT_OF_RESOURCES: return "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES";
    default: return nullptr;
  }
}
CUresult cuGetErrorName(CUresult e, const char** s) {
  *s = errorName(e);
  return *s ? SUCCESS : INVALID_VALUE;
}
CUresult cuGetErrorString(CUresult e, const char** s) {
  *s = errorName(e) ? "(host emulation)" : nullptr;
  return *s ? SUCCESS : INVALID_VALUE;
}

// Test hooks.
void plateau_fake_reset(int devices, unsigned long long totalBytes) {
  for (auto& a : state.allocations) std::free(reinterpret_cast<void*>(a.first));
  state = State();
  state.devices = devices;
  state.total = totalBytes;
}
void plateau_fake_fail(const char* fn, int code) { state.failNext[fn] = code; }
unsigned long long plateau_fake_live_bytes() { return state.live; }
int plateau_fake_live_allocations() { return static_cast<int>(state.allocations.size()); }
long plateau_fake_launches() { return state.launches; }
void plateau_fake_last_launch(unsigned* dims) { std::memcpy(dims, state.lastLaunch, sizeof state.lastLaunch); }
/** Launches of one kernel since the last reset (−1 for an unknown name). */
long plateau_fake_kernel_launches(const char* name) {
  auto it = kernels().find(name);
  if (it == kernels().end()) return -1;
  auto n = state.launchesOf.find(&it->second);
  return n == state.launchesOf.end() ? 0 : n->second;
}
/** Names of every kernel compiled in, space-separated (tests compare them with the PTX's entries). */
const char* plateau_fake_kernel_names() {
  static std::string names;
  names.clear();
  for (auto& k : kernels()) names += (names.empty() ? "" : " ") + k.first;
  return names.c_str();
}
}
