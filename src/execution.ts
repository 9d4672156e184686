/**
 * How plateau executes, in one record: backend and engine requests, CPU threads, SIMD kernels, state precisions, gate
 * fusion, plateau's WebGPU kernels and the memory budget. Built in one place from the environment (each PLATEAU_*
 * variable checked: a bad value is one line naming the variable, never a silent fallback), overridden by flags or by
 * library calls (setExecutionPolicy), read by the engines and the backend through executionPolicy(), and recorded in
 * every backend report (its fields that can change numbers: recordedPolicy), so every result file says how it was
 * computed.
 */
import { ConfigError } from './errors';

export const CPU_PRECISIONS = ['float64', 'float32'] as const;
export type CpuPrecision = (typeof CPU_PRECISIONS)[number];
export const CUDA_PRECISIONS = ['complex64', 'complex128'] as const;
export type CudaPrecision = (typeof CUDA_PRECISIONS)[number];
export type FuseChoice = 'auto' | 'off' | 2 | 3;

export interface ExecutionPolicy {
  /** 'auto' or a backend name (initBackend checks it). */
  backend: string;
  /** 'auto' or an engine name (selectEngine checks it). */
  engine: string;
  /** CPU engine threads; 'auto' = the machine's available parallelism. */
  threads: number | 'auto';
  /** The CPU engine's wasm SIMD kernels (false: the plain JS kernels). */
  simd: boolean;
  cpuPrecision: CpuPrecision;
  cudaPrecision: CudaPrecision;
  /** Gate fusion in the CPU engine: the measured cost model ('auto'), none, or blocks of ≤ 2 or 3 qubits. */
  fuse: FuseChoice;
  /** plateau's WGSL kernels on the webgpu backend (false: generic tf ops only). */
  webgpuKernels: boolean;
  /** Memory the process may use, in bytes; null = what the machine reports free. */
  memoryLimit: number | null;
}

type Env = Record<string, string | undefined>;

/** Bytes from `8G`, `512M`, `1.5GiB`, `1000000`, `4e9` (K, M, G are powers of 1024). */
export function parseBytes(v: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\+?\d+)?)\s*([KMG]?)i?B?\s*$/i.exec(v);
  if (!m) return null;
  return Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] || ' ').toUpperCase());
}

function oneOf<T extends string>(name: string, v: string, known: readonly T[]): T {
  if (!(known as readonly string[]).includes(v))
    throw new ConfigError(`${name}="${v}": expected one of ${known.join(', ')}`);
  return v as T;
}

function flag(name: string, v: string): boolean {
  if (v === '1' || v === 'on') return true;
  if (v === '0' || v === 'off') return false;
  throw new ConfigError(`${name}="${v}": expected 0 or 1`);
}

/** Each field's variable and its reader (the value is trimmed; unset or empty means the default). */
const FROM_ENV: {
  [K in keyof ExecutionPolicy]: [
    variable: string,
    read: (v: string, name: string) => ExecutionPolicy[K],
    fallback: ExecutionPolicy[K],
  ];
} = {
  backend: ['PLATEAU_BACKEND', (v) => v, 'auto'],
  engine: ['PLATEAU_ENGINE', (v) => v, 'auto'],
  threads: [
    'PLATEAU_THREADS',
    (v, name) => {
      if (v === 'auto') return 'auto';
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1024)
        throw new ConfigError(`${name}="${v}": expected an integer in 1..1024 or auto`);
      return n;
    },
    'auto',
  ],
  simd: ['PLATEAU_SIMD', (v, name) => flag(name, v), true],
  cpuPrecision: ['PLATEAU_CPU_PRECISION', (v, name) => oneOf(name, v, CPU_PRECISIONS), 'float64'],
  cudaPrecision: ['PLATEAU_CUDA_PRECISION', (v, name) => oneOf(name, v, CUDA_PRECISIONS), 'complex64'],
  fuse: [
    'PLATEAU_FUSE',
    (v, name) => {
      const c = oneOf(name, v, ['auto', 'off', '0', '2', '3'] as const);
      return c === 'auto' ? 'auto' : c === 'off' || c === '0' ? 'off' : c === '2' ? 2 : 3;
    },
    'auto',
  ],
  webgpuKernels: ['PLATEAU_WEBGPU_KERNELS', (v, name) => flag(name, v), true],
  memoryLimit: [
    'PLATEAU_MEMORY_LIMIT',
    (v, name) => {
      const b = parseBytes(v);
      if (b === null || b <= 0) throw new ConfigError(`${name}="${v}": expected bytes, e.g. 8G or 512M`);
      return b;
    },
    null,
  ],
};

/** The variables the policy reads, by field (for help texts and documentation). */
export const EXECUTION_VARIABLES = Object.fromEntries(Object.entries(FROM_ENV).map(([k, [name]]) => [k, name])) as {
  [K in keyof ExecutionPolicy]: string;
};

/** The policy the environment asks for; every set variable is checked (a bad value throws one ConfigError line). */
export function policyFromEnv(env: Env = process.env): ExecutionPolicy {
  const out: Record<string, unknown> = {};
  for (const [key, [name, read, fallback]] of Object.entries(FROM_ENV) as [
    keyof ExecutionPolicy,
    [string, (v: string, n: string) => unknown, unknown],
  ][]) {
    const v = env[name]?.trim();
    out[key] = v ? read(v, name) : fallback;
  }
  return out as unknown as ExecutionPolicy;
}

let overrides: Partial<ExecutionPolicy> = {};
const VARIABLES = Object.values(EXECUTION_VARIABLES);
/** The policy in force and the environment it was read from (the variables' values joined), or null after a change. */
let cached: { key: string; policy: Readonly<ExecutionPolicy> } | null = null;

/**
 * The policy in force: the environment's, with what setExecutionPolicy set on top. Cheap to call in hot paths: the
 * variables are read, but the policy is rebuilt only when one of them or an override changed.
 */
export function executionPolicy(): Readonly<ExecutionPolicy> {
  let key = '';
  for (const name of VARIABLES) key += `${process.env[name] ?? ''}\u0000`;
  if (!cached || cached.key !== key)
    cached = { key, policy: Object.freeze({ ...policyFromEnv(process.env), ...overrides }) };
  return cached.policy;
}

/**
 * Sets fields for what follows in this process (flags, or a library user); `undefined` for a field returns it to the
 * environment's value. Returns the policy now in force.
 */
export function setExecutionPolicy(changes: Partial<ExecutionPolicy>): Readonly<ExecutionPolicy> {
  const merged: Record<string, unknown> = { ...overrides, ...changes };
  overrides = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Partial<ExecutionPolicy>;
  cached = null;
  return executionPolicy();
}

/** The part of a policy that can change a result's numbers, as result files record it: threads give bit-identical
 * results (the CPU engine splits rows, or one state's tiles in two fixed halves whose sums it adds in one order
 * whether a helper ran the second half or not) and the memory budget only decides whether a run may start, so a
 * result computed by K workers or a batch job reads the same as one computed by a single process. */
export type RecordedPolicy = Omit<ExecutionPolicy, 'threads' | 'memoryLimit'>;

export function recordedPolicy(p: ExecutionPolicy = executionPolicy()): RecordedPolicy {
  const { threads: _threads, memoryLimit: _memoryLimit, ...recorded } = p;
  return recorded;
}

/** The variables a child process (a worker, a batch job) needs to run under the same policy. */
export function policyEnv(p: ExecutionPolicy = executionPolicy()): Record<string, string> {
  const v = EXECUTION_VARIABLES;
  return {
    [v.backend]: p.backend,
    [v.engine]: p.engine,
    [v.threads]: String(p.threads),
    [v.simd]: p.simd ? '1' : '0',
    [v.cpuPrecision]: p.cpuPrecision,
    [v.cudaPrecision]: p.cudaPrecision,
    [v.fuse]: String(p.fuse),
    [v.webgpuKernels]: p.webgpuKernels ? '1' : '0',
    ...(p.memoryLimit === null ? {} : { [v.memoryLimit]: String(p.memoryLimit) }),
  };
}
