/**
 * The execution policy (src/execution.ts): defaults, every variable read and checked (a bad value is one line naming
 * the variable), overrides on top of the environment, the child-process environment reproducing the policy, and the
 * consumers reading it (CPU precision, threads, fusion, engine choice, the backend report).
 */
import {
  executionPolicy,
  parseBytes,
  policyEnv,
  policyFromEnv,
  recordedPolicy,
  setExecutionPolicy,
  EXECUTION_VARIABLES,
} from '../src/execution';
import { cpuPrecision, setCpuPrecision } from '../src/engines/cpu/kernelSet';
import { threadCount } from '../src/engines/cpu/pool';
import { fuseChoice } from '../src/engines/cpu/fusePolicy';
import { selectEngine } from '../src/engines/engine';
import { initBackend } from '../src/backend/backend';

const DEFAULTS = {
  backend: 'auto',
  engine: 'auto',
  threads: 'auto',
  simd: true,
  cpuPrecision: 'float64',
  cudaPrecision: 'complex64',
  fuse: 'auto',
  webgpuKernels: true,
  memoryLimit: null,
};

function withEnv<T>(vars: Record<string, string | undefined>, f: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = x;
    }
  };
  set(vars);
  try {
    return f();
  } finally {
    set(saved);
  }
}

test('defaults, and every variable read', () => {
  expect(policyFromEnv({})).toEqual(DEFAULTS);
  expect(policyFromEnv({ PLATEAU_BACKEND: '', PLATEAU_THREADS: ' ' })).toEqual(DEFAULTS); // empty = unset
  const env = {
    PLATEAU_BACKEND: 'wasm',
    PLATEAU_ENGINE: 'tensor',
    PLATEAU_THREADS: '3',
    PLATEAU_SIMD: '0',
    PLATEAU_CPU_PRECISION: 'float32',
    PLATEAU_CUDA_PRECISION: 'complex128',
    PLATEAU_FUSE: '2',
    PLATEAU_WEBGPU_KERNELS: '0',
    PLATEAU_MEMORY_LIMIT: '1.5G',
  };
  const p = policyFromEnv(env);
  expect(p).toEqual({
    backend: 'wasm',
    engine: 'tensor',
    threads: 3,
    simd: false,
    cpuPrecision: 'float32',
    cudaPrecision: 'complex128',
    fuse: 2,
    webgpuKernels: false,
    memoryLimit: 1.5 * 1024 ** 3,
  });
  // the environment a child process gets reproduces the policy
  expect(policyFromEnv(policyEnv(p))).toEqual(p);
  expect(policyFromEnv(policyEnv(policyFromEnv({})))).toEqual(DEFAULTS);
  expect(Object.values(EXECUTION_VARIABLES).sort()).toEqual(Object.keys(env).sort());
  expect([parseBytes('512M'), parseBytes('8 GiB'), parseBytes('1000'), parseBytes('4e9'), parseBytes('8X')]).toEqual([
    512 * 1024 ** 2,
    8 * 1024 ** 3,
    1000,
    4e9,
    null,
  ]);
});

test('a bad value is refused in one line naming the variable', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PLATEAU_THREADS: 'abc' }, /^PLATEAU_THREADS="abc": expected an integer in 1\.\.1024 or auto$/],
    [{ PLATEAU_THREADS: '-3' }, /^PLATEAU_THREADS="-3"/],
    [{ PLATEAU_SIMD: 'yes' }, /^PLATEAU_SIMD="yes": expected 0 or 1$/],
    [{ PLATEAU_CPU_PRECISION: 'float16' }, /^PLATEAU_CPU_PRECISION="float16": expected one of float64, float32$/],
    [{ PLATEAU_CUDA_PRECISION: 'half' }, /^PLATEAU_CUDA_PRECISION="half": expected one of complex64, complex128$/],
    [{ PLATEAU_FUSE: '4' }, /^PLATEAU_FUSE="4": expected one of auto, off, 0, 2, 3$/],
    [{ PLATEAU_WEBGPU_KERNELS: 'maybe' }, /^PLATEAU_WEBGPU_KERNELS="maybe"/],
    [{ PLATEAU_MEMORY_LIMIT: 'lots' }, /^PLATEAU_MEMORY_LIMIT="lots": expected bytes, e\.g\. 8G or 512M$/],
    [{ PLATEAU_MEMORY_LIMIT: '0' }, /^PLATEAU_MEMORY_LIMIT="0"/],
  ];
  for (const [env, re] of cases) expect(() => policyFromEnv(env)).toThrow(re);
});

test('overrides sit on the environment; the engines read the policy in force', () => {
  withEnv({ PLATEAU_CPU_PRECISION: 'float32', PLATEAU_THREADS: '2', PLATEAU_FUSE: 'off' }, () => {
    expect([cpuPrecision(), threadCount(), fuseChoice()]).toEqual(['float32', 2, 'off']);
    setCpuPrecision('float64');
    setExecutionPolicy({ fuse: 3, threads: 1 });
    try {
      expect([cpuPrecision(), threadCount(), fuseChoice()]).toEqual(['float64', 1, 3]);
      expect(executionPolicy().cpuPrecision).toBe('float64');
    } finally {
      setCpuPrecision(null);
      setExecutionPolicy({ fuse: undefined, threads: undefined });
    }
    expect([cpuPrecision(), threadCount(), fuseChoice()]).toEqual(['float32', 2, 'off']);
  });
  withEnv({ PLATEAU_FUSE: 'sometimes' }, () => expect(() => fuseChoice()).toThrow(/^PLATEAU_FUSE="sometimes"/));
});

test('PLATEAU_ENGINE decides what auto means; the backend report records the policy', async () => {
  const report = await initBackend('cpu');
  expect(report.execution).toEqual({ ...recordedPolicy(), backend: 'cpu' });
  expect(Object.keys(report.execution)).not.toContain('threads'); // K workers and one process record the same
  withEnv({ PLATEAU_ENGINE: 'tensor' }, () => {
    expect(selectEngine('auto', 'cpu')).toBe('tensor');
    expect(selectEngine('cpu', 'cpu')).toBe('cpu'); // an explicit choice wins
  });
  withEnv({ PLATEAU_ENGINE: 'gpu' }, () =>
    expect(() => selectEngine('auto', 'cpu')).toThrow(/^unknown engine "gpu" \(PLATEAU_ENGINE\)/),
  );
  expect(selectEngine('auto', 'cpu')).toBe('cpu');
});
