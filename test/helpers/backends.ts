/** Runs a jest block once per tfjs backend available without native packages (cpu, wasm). */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/backend';
import { ENGINE_NAMES } from '../../src/engines/engine';
import { cudaStatus } from '../../src/engines/cuda/device';

export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

/**
 * The engines that can run here: cpu and tensor always, cuda where a CUDA driver and GPU are (or PLATEAU_CUDA_LIBRARY
 * names the host emulation, test/helpers/cudaHost.ts; test/engines/cuda holds the cuda engine's own suites).
 */
export const TEST_ENGINES = ENGINE_NAMES.filter((e) => e !== 'cuda' || cudaStatus().ok);

export function describeEachBackend(name: string, fn: (backend: string) => void, backends: readonly string[] = TEST_BACKENDS): void {
  describe.each(backends.map((b) => [b]))(`${name} [%s]`, (backend) => {
    beforeAll(async () => {
      await initBackend(backend);
    });
    fn(backend);
  });
}

/** Max |a − b| over two arrays of equal length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** ‖a − b‖ / max(‖b‖, floor). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-6): number {
  let d = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    nb += b[i] ** 2;
  }
  return Math.sqrt(d) / Math.max(Math.sqrt(nb), floor);
}

/** Asserts that `fn` leaves the number of live tensors unchanged (after one warm-up call that may fill caches). */
export function expectNoLeak(fn: () => void, repeats = 3): void {
  fn();
  const before = tf.memory().numTensors;
  for (let i = 0; i < repeats; i++) fn();
  expect(tf.memory().numTensors).toBe(before);
}
