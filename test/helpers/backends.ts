/**
 * One way to run a jest block per (tfjs backend × engine): `describeEach`. Backends: cpu and wasm (no native packages),
 * and webgpu on Dawn's software adapter where Mesa's renderer is installed (skipped with the reason otherwise;
 * helpers/webgpu.ts). Engines: TEST_ENGINES, less the pairs that cannot run. Values are read with the async `read`
 * (webgpu has no dataSync), and `tol` widens a bound only on webgpu, never on cpu/wasm.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/backend';
import { ENGINE_NAMES, EngineName, selectEngine } from '../../src/engines/engine';
import { cudaUnavailable } from '../../src/engines/choice';
import { cudaStatus } from '../../src/engines/cuda/device';
import { softwareWebgpuMissing } from './webgpu';

export const TEST_BACKENDS = ['cpu', 'wasm'] as const;
export type TestBackend = 'cpu' | 'wasm' | 'webgpu';
/** Every backend describeEach knows: webgpu runs where the software adapter can start. */
export const ALL_TEST_BACKENDS: readonly TestBackend[] = ['cpu', 'wasm', 'webgpu'];

/**
 * The engines that can run here: cpu and tensor always, cuda where a CUDA driver and GPU are (or PLATEAU_CUDA_LIBRARY
 * names the host emulation, test/helpers/cudaHost.ts; test/engines/cuda holds the cuda engine's own suites).
 */
export const TEST_ENGINES = ENGINE_NAMES.filter((e) => e !== 'cuda' || cudaStatus().ok);

/**
 * Whether an engine can run beside a backend: the cpu engine reads θ synchronously and the cuda engine needs a host
 * backend (engines/choice.ts), so on webgpu only the tensor engine runs.
 */
export const engineRunsOn = (engine: EngineName, backend: TestBackend): boolean =>
  backend !== 'webgpu' ? engine !== 'cuda' || !cudaUnavailable(backend) : engine === 'tensor';

export interface EachContext {
  readonly backend: TestBackend;
  /** The engine of this block (with `engines: 'auto'`: the one selectEngine picks on this backend). */
  readonly engine: EngineName;
  readonly webgpu: boolean;
  /** The values of a tensor (`await t.data()`: the one read every backend allows). */
  read(t: tf.Tensor): Promise<Float32Array>;
  /** Runs `fn` in tf.tidy, reads every tensor it returns, disposes them. */
  values(fn: () => tf.Tensor[]): Promise<Float32Array[]>;
  /** `host` on cpu and wasm; on webgpu (float32 shaders, a software renderer) `webgpu`, default `host`. */
  tol(host: number, webgpu?: number): number;
}

export interface EachOptions {
  /** Engines to run, each where it can ('auto': one block per backend, with the engine it would pick). */
  engines?: readonly EngineName[] | 'auto';
  backends?: readonly TestBackend[];
}

function context(backend: TestBackend, engine: EngineName): EachContext {
  const read = (t: tf.Tensor) => t.data() as Promise<Float32Array>;
  return {
    backend,
    engine,
    webgpu: backend === 'webgpu',
    read,
    async values(fn) {
      const ts = tf.tidy(fn);
      try {
        return await Promise.all(ts.map(read));
      } finally {
        tf.dispose(ts);
      }
    },
    tol: (host, webgpu = host) => (backend === 'webgpu' ? webgpu : host),
  };
}

/** Runs `fn` in one describe block per valid (backend, engine) pair; the block starts its backend first. */
export function describeEach(name: string, opts: EachOptions, fn: (ctx: EachContext) => void): void {
  const engines = opts.engines ?? TEST_ENGINES;
  for (const backend of opts.backends ?? ALL_TEST_BACKENDS) {
    const why = backend === 'webgpu' ? softwareWebgpuMissing() : null;
    if (why) {
      describe.skip(`${name} [webgpu] (skipped: ${why})`, () => fn(context(backend, 'tensor')));
      continue;
    }
    const pairs =
      engines === 'auto' ? [selectEngine('auto', backend)] : engines.filter((e) => engineRunsOn(e, backend));
    if (!pairs.length) continue;
    describe(`${name} [${backend}${backend === 'webgpu' ? ', software adapter' : ''}]`, () => {
      beforeAll(async () => {
        if (backend === 'webgpu') process.env.PLATEAU_WEBGPU_ADAPTER = 'software';
        await initBackend(backend, { quiet: true });
      });
      if (engines === 'auto') fn(context(backend, pairs[0]));
      else for (const engine of pairs) describe(`${engine} engine`, () => fn(context(backend, engine)));
    });
  }
}

/** A block per host backend (cpu, wasm), for suites that use no engine and read values synchronously. */
export function describeEachBackend(
  name: string,
  fn: (backend: string) => void,
  backends: readonly TestBackend[] = TEST_BACKENDS,
): void {
  describeEach(name, { engines: 'auto', backends }, (ctx) => fn(ctx.backend));
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
  let d = 0,
    nb = 0;
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
