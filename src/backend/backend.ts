/**
 * Chooses and starts the tfjs backend. Automatic order: `tensorflow` (tfjs-node-gpu, then tfjs-node, each only if its
 * native binding was built), then `webgpu` (Dawn, hardware adapter only; backend/dawn.ts), then `wasm` (if it has every
 * kernel plateau uses), then `cpu`. `PLATEAU_BACKEND` or a CLI `--backend` forces one; an unknown or unloadable name is
 * a one-line ConfigError listing what is available. A backend that is installed but fails to start (tfjs-node-gpu
 * without its CUDA 11 libraries) is reported on stderr in one line naming the backend used instead. Where the cuda
 * engine can run (libcuda and a GPU), the automatic order skips webgpu: that engine keeps the states on the GPU itself
 * and needs a host backend beside it. The report returned here, with the engine `auto` picks and why, goes into
 * every result file. What depends on the engines (their WebGPU kernels, the cuda skip, the engine decision) comes
 * through BackendHooks, which engines/backendHooks.ts installs: the engines import the backend, never the reverse.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import { AdapterSummary, describeAdapter, dawnBinaryPath, startWebgpu, webgpuAdapterMode } from './dawn';

import { BACKEND_NAMES, BackendName } from './names';
import { executionPolicy, recordedPolicy, type RecordedPolicy } from '../execution';
export { BACKEND_NAMES, type BackendName };

/** The simulator engine `auto` runs beside a backend, and why (engines/choice.ts decides). */
export interface EngineDecision {
  name: 'cpu' | 'tensor' | 'cuda';
  why: string;
}

/**
 * What the engines layer adds to starting a backend. The backend calls these; engines/backendHooks.ts installs them
 * (with setBackendHooks) when the engines are loaded.
 */
export interface BackendHooks {
  /** Why the automatic order skips `backend` here (webgpu where the cuda engine runs), or null. */
  skipInAuto(backend: BackendName): string | null;
  /** Called once `backend` has started: registers the engines' own kernels for it (webgpu's WGSL kernels). */
  started(backend: BackendName): void;
  /** The engine `auto` picks beside `backend`. */
  engineDecision(backend: BackendName, gpu: boolean): EngineDecision;
}

/** Until the engines are loaded nothing is skipped or registered, and no engine is chosen yet. */
const NO_ENGINES: BackendHooks = {
  skipInAuto: () => null,
  started: () => undefined,
  engineDecision: (backend) => ({
    name: 'cpu',
    why: `no engine chosen: plateau's engines were not loaded beside the ${backend} backend`,
  }),
};
let hooks: BackendHooks = NO_ENGINES;

/**
 * Installs the engines' hooks (engines/backendHooks.ts). A backend started before them gets its kernels and its
 * engine decision now.
 */
export function setBackendHooks(h: BackendHooks): void {
  hooks = h;
  if (current) {
    h.started(current.backend);
    current.engine = h.engineDecision(current.backend, isGpuBackend(current.backend));
  }
}

export interface BackendReport {
  backend: BackendName;
  /** What runs the tf ops: CPU model, or the GPU/adapter when known. */
  device: string;
  /** Which package provides it (e.g. @tensorflow/tfjs-node-gpu). */
  provider: string;
  float: 'float32';
  packages: Record<string, string>;
  node: string;
  platform: string;
  /** Why backends earlier in the automatic order were skipped (empty when forced or first choice). */
  skipped: string[];
  /** One line when an installed backend failed to start and another one runs instead (also printed to stderr). */
  notice?: string;
  /** The WebGPU adapter (webgpu backend only). */
  adapter?: AdapterSummary;
  /** The simulator engine `auto` runs beside this backend (cpu, tensor or cuda) and why. */
  engine: EngineDecision;
  /** The execution policy in force when the backend started: what can change the numbers (SIMD, precisions, fusion). */
  execution: RecordedPolicy;
}

/** Kernels the tensor engine, losses and optimisers need; wasm is used only if it registers all of them. */
const REQUIRED_KERNELS = [
  'BatchMatMul',
  'Transpose',
  'Reshape',
  'GatherV2',
  'Cos',
  'Sin',
  'Exp',
  'Log',
  'Sqrt',
  'Multiply',
  'Add',
  'Sub',
  'RealDiv',
  'Sum',
  'Square',
  'Pack',
  'Unpack',
  'Slice',
  'Concat',
  'Tile',
  'Neg',
  'Maximum',
  'Abs',
  'OneHot',
  'Cast',
];

function packageDir(name: string): string | null {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

/**
 * Versions of the packages inlined into an offline bundle (scripts/bundle.ts): the bundler replaces
 * `process.env.PLATEAU_BUNDLE_PACKAGES` by a JSON literal, since a bundle has no node_modules to look them up in.
 */
function bundledPackages(): Record<string, string> {
  const json = process.env.PLATEAU_BUNDLE_PACKAGES;
  return json ? (JSON.parse(json) as Record<string, string>) : {};
}

export function packageVersion(name: string): string | null {
  const dir = packageDir(name);
  if (!dir) return bundledPackages()[name] ?? null;
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A tfjs-node package is usable only if its install script built/downloaded lib/napi-v<N>/tfjs_binding.node. */
function nativeBinding(name: string): { ok: true; dir: string } | { ok: false; why: string } {
  const dir = packageDir(name);
  if (!dir) return { ok: false, why: `${name} is not installed` };
  const lib = path.join(dir, 'lib');
  const found =
    fs.existsSync(lib) &&
    fs.readdirSync(lib).some((d) => d.startsWith('napi-v') && fs.existsSync(path.join(lib, d, 'tfjs_binding.node')));
  return found
    ? { ok: true, dir }
    : {
        ok: false,
        why: `${name} is installed without its native binding (its install script could not download libtensorflow)`,
      };
}

interface Attempt {
  ok: boolean;
  why?: string;
  /** The backend is installed but broken (worth a notice), rather than merely absent. */
  failed?: boolean;
  provider?: string;
  device?: string;
  adapter?: AdapterSummary;
}

async function tryTensorflow(): Promise<Attempt> {
  const reasons: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    const b = nativeBinding(pkg);
    if (!b.ok) {
      reasons.push(b.why);
      continue;
    }
    try {
      require(pkg);
      await tf.setBackend('tensorflow');
      const gpu =
        pkg.endsWith('-gpu') && Boolean((tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice);
      tensorflowHasGpu = gpu;
      return { ok: true, provider: pkg, device: gpu ? 'CUDA GPU (libtensorflow)' : `${cpuModel()} (libtensorflow)` };
    } catch (e) {
      // A package that fails to load (e.g. missing CUDA 11 libraries) must not be retried under the other name: its
      // kernels are already registered for `tensorflow`.
      return {
        ok: false,
        failed: true,
        why: `${pkg} failed to load: ${firstLine(e)}${pkg.endsWith('-gpu') ? ' (it needs CUDA 11.2 and cuDNN 8.1)' : ''}`,
      };
    }
  }
  return { ok: false, why: reasons.join('; ') };
}

/** Automatic choice: hardware adapters only. Named (`--backend webgpu`): PLATEAU_WEBGPU_ADAPTER picks the mode. */
async function tryWebgpu(forced: boolean): Promise<Attempt> {
  const mode = forced ? webgpuAdapterMode() : 'hardware';
  const r = await startWebgpu(mode);
  if (!r.ok) {
    const hint =
      forced && mode === 'hardware'
        ? ' (PLATEAU_WEBGPU_ADAPTER=software selects the llvmpipe software renderer: slow, for tests)'
        : '';
    return { ok: false, why: `${r.why}${hint}`, failed: r.why.startsWith('Dawn failed') };
  }
  return {
    ok: true,
    provider: '@tensorflow/tfjs-backend-webgpu + webgpu (Dawn)',
    device: describeAdapter(r.adapter),
    adapter: r.adapter,
  };
}

async function tryWasm(): Promise<Attempt> {
  let wasm: { setWasmPaths(prefix: string): void };
  try {
    wasm = require('@tensorflow/tfjs-backend-wasm');
  } catch {
    return { ok: false, why: '@tensorflow/tfjs-backend-wasm is not installed' };
  }
  // An offline bundle ships the .wasm files beside its scripts and says where (the package finds its own otherwise).
  // setWasmPaths throws only once wasm was initialised, and then the paths no longer matter.
  if (process.env.PLATEAU_WASM_DIR) {
    try {
      wasm.setWasmPaths(path.join(process.env.PLATEAU_WASM_DIR, path.sep));
    } catch {
      /* already initialised */
    }
  }
  const missing = REQUIRED_KERNELS.filter((k) => !tf.getKernel(k, 'wasm'));
  if (missing.length) return { ok: false, why: `wasm lacks kernels ${missing.join(', ')}` };
  if (!(await tf.setBackend('wasm'))) return { ok: false, why: 'wasm backend failed to initialise' };
  return { ok: true, provider: '@tensorflow/tfjs-backend-wasm', device: `${cpuModel()} (wasm SIMD, 1 thread)` };
}

async function tryCpu(): Promise<Attempt> {
  await tf.setBackend('cpu');
  return { ok: true, provider: '@tensorflow/tfjs-backend-cpu', device: `${cpuModel()} (JS, 1 thread)` };
}

const ATTEMPTS: Record<BackendName, (forced: boolean) => Promise<Attempt>> = {
  tensorflow: tryTensorflow,
  webgpu: tryWebgpu,
  wasm: tryWasm,
  cpu: tryCpu,
};

function cpuModel(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model?.trim() ?? 'unknown CPU'} ×${cpus.length}`;
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0];
}

let current: BackendReport | null = null;
let tensorflowHasGpu = false;

/** Whether tf ops on `backend` run on an accelerator (webgpu, webgl, or tensorflow from tfjs-node-gpu on a GPU). */
export function isGpuBackend(backend: string = tf.getBackend()): boolean {
  return backend === 'webgpu' || backend === 'webgl' || (backend === 'tensorflow' && tensorflowHasGpu);
}

/**
 * Starts the requested backend (default: the execution policy's, PLATEAU_BACKEND, else automatic) and returns its report. When an installed
 * backend failed and another one was used, the one-line `notice` is also written to stderr (unless `quiet`).
 */
export async function initBackend(
  request: string = executionPolicy().backend,
  opts: { quiet?: boolean } = {},
): Promise<BackendReport> {
  tf.enableProdMode();
  if (request !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(request))
    throw new ConfigError(
      `unknown backend "${request}" (available: ${(await availableBackends()).join(', ')}, or auto)`,
    );
  const order: BackendName[] = request === 'auto' ? [...BACKEND_NAMES] : [request as BackendName];
  const skipped: string[] = [];
  const failures: string[] = [];
  for (const name of order) {
    const skip = request === 'auto' ? hooks.skipInAuto(name) : null;
    if (skip) {
      skipped.push(`${name}: ${skip}`);
      continue;
    }
    const a = await ATTEMPTS[name](request !== 'auto');
    if (a.ok) {
      hooks.started(name);
      current = {
        backend: name,
        device: a.device!,
        provider: a.provider!,
        float: 'float32',
        packages: installedPackages(),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        skipped,
        ...(a.adapter ? { adapter: a.adapter } : {}),
        engine: hooks.engineDecision(name, isGpuBackend(name)),
        execution: { ...recordedPolicy(), backend: request },
      };
      if (failures.length) {
        current.notice = `plateau: ${failures.join('; ')}; using the ${name} backend instead`;
        if (!opts.quiet) process.stderr.write(`${current.notice}\n`);
      }
      return current;
    }
    if (request !== 'auto')
      throw new ConfigError(
        `backend "${request}" cannot be used: ${a.why} (available: ${(await availableBackends()).join(', ')})`,
      );
    skipped.push(`${name}: ${a.why}`);
    if (a.failed) failures.push(`${name} backend failed: ${a.why}`);
  }
  throw new ConfigError(`no tfjs backend could be started: ${skipped.join('; ')}`);
}

/** The report of the running backend (starting the automatic choice if none was started). */
export async function backendReport(): Promise<BackendReport> {
  return current && current.backend === tf.getBackend() ? current : initBackend();
}

/** Backends that can be started on this machine, without switching to them. */
export async function availableBackends(): Promise<BackendName[]> {
  const out: BackendName[] = [];
  if (nativeBinding('@tensorflow/tfjs-node-gpu').ok || nativeBinding('@tensorflow/tfjs-node').ok)
    out.push('tensorflow');
  if (dawnBinaryPath() && packageVersion('@tensorflow/tfjs-backend-webgpu')) out.push('webgpu');
  if (packageVersion('@tensorflow/tfjs-backend-wasm')) out.push('wasm');
  out.push('cpu');
  return out;
}

function installedPackages(): Record<string, string> {
  const names = [
    '@tensorflow/tfjs-core',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-backend-webgpu',
    'webgpu',
    '@tensorflow/tfjs-node-gpu',
    '@tensorflow/tfjs-node',
  ];
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = packageVersion(n);
    if (v) out[n] = v;
  }
  const own = packageVersion('plateau') ?? readOwnVersion();
  if (own) out.plateau = own;
  const git = bundledPackages()['plateau-git'];
  if (git) out['plateau-git'] = git;
  return out;
}

function readOwnVersion(): string | null {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const p = path.join(dir, 'package.json');
    if (fs.existsSync(p)) {
      const pkg = JSON.parse(fs.readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'plateau') return pkg.version ?? null;
    }
  }
  return null;
}
