/**
 * Errors of the cuda engine: every CUresult and every refusal as one line naming the call and its arguments, with the
 * code's name from the driver or, when the driver cannot name it, from the table of cuda.h codes below.
 */
import { PlateauError } from '../../errors';

/** A CUDA failure or refusal, on one line. */
export class CudaError extends PlateauError {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

/** Names of the CUresult codes plateau may meet, for when the driver cannot name one itself (cuda.h, CUDA 12). */
const CU_NAMES: Record<number, string> = {
  1: 'CUDA_ERROR_INVALID_VALUE',
  2: 'CUDA_ERROR_OUT_OF_MEMORY',
  3: 'CUDA_ERROR_NOT_INITIALIZED',
  4: 'CUDA_ERROR_DEINITIALIZED',
  34: 'CUDA_ERROR_STUB_LIBRARY',
  35: 'CUDA_ERROR_INSUFFICIENT_DRIVER',
  100: 'CUDA_ERROR_NO_DEVICE',
  101: 'CUDA_ERROR_INVALID_DEVICE',
  200: 'CUDA_ERROR_INVALID_IMAGE',
  201: 'CUDA_ERROR_INVALID_CONTEXT',
  209: 'CUDA_ERROR_NO_BINARY_FOR_GPU',
  218: 'CUDA_ERROR_INVALID_PTX',
  221: 'CUDA_ERROR_JIT_COMPILER_NOT_FOUND',
  222: 'CUDA_ERROR_UNSUPPORTED_PTX_VERSION',
  400: 'CUDA_ERROR_INVALID_HANDLE',
  500: 'CUDA_ERROR_NOT_FOUND',
  700: 'CUDA_ERROR_ILLEGAL_ADDRESS',
  701: 'CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES',
  702: 'CUDA_ERROR_LAUNCH_TIMEOUT',
  719: 'CUDA_ERROR_LAUNCH_FAILED',
  802: 'CUDA_ERROR_SYSTEM_NOT_READY',
  803: 'CUDA_ERROR_SYSTEM_DRIVER_MISMATCH',
  804: 'CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE',
  999: 'CUDA_ERROR_UNKNOWN',
};

/** "cuMemAlloc_v2(512 MiB): CUDA_ERROR_OUT_OF_MEMORY (out of memory)": the call, its arguments, the code's name and text. */
export function cudaErrorMessage(call: string, code: number, name?: string | null, text?: string | null): string {
  const n = name || CU_NAMES[code] || `CUresult ${code}`;
  return `cuda: ${call} failed: ${n}${text && text !== n ? ` (${text})` : ''}`;
}

export function formatBytes(b: number): string {
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(1)} MiB`;
  return `${b} B`;
}
