/**
 * Two reusable state arenas for batches: ψ, kept from the forward to the gradient, and the seeds λ, filled during the
 * gradient; on shared memory, so worker threads read and write them in place. Reusing them keeps a scan's memory at
 * its largest batch: fresh arrays per call leave the earlier batches to the garbage collector, which let a scan at
 * n = 20 (64 draws in batches of 4) peak at 1.5–2.2 GB against a working set of 0.8 GB. The ψ arena has an epoch, so
 * an op can tell whether it still holds its states (op.ts reruns the forward when not).
 */
import { HostState } from './forward';
import { KernelSet, Real } from './kernelSet';

interface Arena {
  buffer: SharedArrayBuffer;
}

const arenas: { psi: Arena | null; lambda: Arena | null } = { psi: null, lambda: null };
let epoch = 0;

function views(which: 'psi' | 'lambda', K: KernelSet, len: number): HostState {
  const bytes = K.precision === 'float32' ? 4 : 8,
    half = Math.ceil((bytes * len) / 64) * 64;
  let a = arenas[which];
  if (!a || a.buffer.byteLength < 2 * half) a = arenas[which] = { buffer: new SharedArrayBuffer(2 * half) };
  const view = (at: number): Real =>
    K.precision === 'float32' ? new Float32Array(a.buffer, at, len) : new Float64Array(a.buffer, at, len);
  return { re: view(0), im: view(half) };
}

/** Arrays of `len` amplitudes for ψ, about to be written: earlier holders of the ψ arena lose it (the epoch moves). */
export function psiArena(K: KernelSet, len: number): { psi: HostState; epoch: number } {
  return { psi: views('psi', K, len), epoch: ++epoch };
}

export function psiArenaEpoch(): number {
  return epoch;
}

/** Arrays of `len` amplitudes for λ, valid until the next call. */
export function lambdaArena(K: KernelSet, len: number): HostState {
  return views('lambda', K, len);
}
