/**
 * Kernel arguments as cuLaunchKernel takes them (kernelParams: one pointer per parameter, each to its value): every
 * value is written little-endian into its own 8-byte slot of one block, slot i at byte 8i. The driver copies each
 * value's size from the kernel's parameter list, so the slots need no knowledge of the PTX layout. No FFI here.
 */
import { CudaError } from './cudaError';

/** Slots in the argument block: more than any kernel of plateau.cu takes. */
export const ARG_SLOTS = 16;

export type KernelArg =
  | { kind: 'buffer'; buffer: { ptr: bigint; freed: boolean; label: string }; byteOffset?: number }
  | { kind: 'u32' | 'i32' | 'f32' | 'f64'; value: number }
  | { kind: 'u64'; value: bigint };

/** Argument constructors, so that call sites read like the kernel signature. */
export const arg = {
  buf: (buffer: Extract<KernelArg, { kind: 'buffer' }>['buffer'], byteOffset = 0): KernelArg => ({
    kind: 'buffer',
    buffer,
    byteOffset,
  }),
  u32: (value: number): KernelArg => ({ kind: 'u32', value }),
  i32: (value: number): KernelArg => ({ kind: 'i32', value }),
  f32: (value: number): KernelArg => ({ kind: 'f32', value }),
  f64: (value: number): KernelArg => ({ kind: 'f64', value }),
  u64: (value: bigint | number): KernelArg => ({ kind: 'u64', value: BigInt(value) }),
};

/** Writes the arguments into the block (a view of at least 8·ARG_SLOTS bytes); a one-line CudaError for a bad value. */
export function packArgs(args: readonly KernelArg[], block: DataView): void {
  if (args.length > ARG_SLOTS) throw new CudaError(`cuda: ${args.length} kernel arguments, at most ${ARG_SLOTS}`);
  args.forEach((a, i) => {
    const at = 8 * i;
    switch (a.kind) {
      case 'buffer':
        return block.setBigUint64(at, a.buffer.ptr + BigInt(a.byteOffset ?? 0), true);
      case 'u64':
        return block.setBigUint64(at, a.value, true);
      case 'u32':
        if (!(Number.isInteger(a.value) && a.value >= 0 && a.value < 2 ** 32))
          throw new CudaError(`cuda: argument ${i} = ${a.value} is not a u32`);
        return block.setUint32(at, a.value, true);
      case 'i32':
        if (!(Number.isInteger(a.value) && a.value >= -(2 ** 31) && a.value < 2 ** 31))
          throw new CudaError(`cuda: argument ${i} = ${a.value} is not an i32`);
        return block.setInt32(at, a.value, true);
      case 'f32':
        return block.setFloat32(at, a.value, true);
      case 'f64':
        return block.setFloat64(at, a.value, true);
    }
  });
}
