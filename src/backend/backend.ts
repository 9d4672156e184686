/**
 * Chooses and starts the tfjs backend. Automatic order: `tensorflow` (tfjs-node-gpu, then tfjs-node, each only if its
 * native binding was built), then `webgpu` (issue 9: Dawn, hardware adapter only), then `wasm` (if it has every kernel
 * plateau uses), then `cpu`. `PLATEAU_BACKEND` or a CLI `--backend` forces one; an unknown or unloadable name is a
 * one-line ConfigError listing what is available. The report returned here goes into every result file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';

export const BACKEND_NAMES = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendChoice = BackendName | 'auto';

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
}

/** Kernels the tensor engine, losses and optimisers need; wasm is used only if it registers all of them. */
const REQUIRED_KERNELS = [
  'BatchMatMul', 'Transpose', 'Reshape', 'GatherV2', 'Cos', 'Sin', 'Exp', 'Log', 'Sqrt', 'Multiply', 'Add', 'Sub',
  'RealDiv', 'Sum', 'Square', 'Pack', 'Unpack', 'Slice', 'Concat', 'Tile', 'Neg', 'Maximum', 'Abs', 'OneHot', 'Cast',
];

function packageDir(name: string): string | null {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

export function packageVersion(name: string): string | null {
  const dir = packageDir(name);
  if (!dir) return null;
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A tfjs-node package is usable only if its install script built/downloaded lib/napi-v<N>/tfjs_binding.node. */
function nativeBinding(name: string): { ok: true; dir: string } | { ok: false; why: string } {
  const dir = packageDir(name);
  if (!dir) return { ok: false, why: `${name} is not installed` };
  const lib = path.join(dir, 'lib');
  const found = fs.existsSync(lib) && fs.readdirSync(lib).some((d) => d.startsWith('napi-v') && fs.existsSync(path.join(lib, d, 'tfjs_binding.node')));
  return found ? { ok: true, dir } : { ok: false, why: `${name} is installed without its native binding (its install script could not download libtensorflow)` };
}

interface Attempt {
  ok: boolean;
  why?: string;
  provider?: string;
  device?: string;
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
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(pkg);
      await tf.setBackend('tensorflow');
      const gpu = pkg.endsWith('-gpu') && Boolean((tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice);
      tensorflowHasGpu = gpu;
      return { ok: true, provider: pkg, device: gpu ? 'CUDA GPU (libtensorflow)' : `${cpuModel()} (libtensorflow)` };
    } catch (e) {
      // A package that fails to load (e.g. missing CUDA 11 libraries) must not be retried under the other name: its
      // kernels are already registered for `tensorflow`.
      return { ok: false, why: `${pkg} failed to load: ${firstLine(e)}` };
    }
  }
  return { ok: false, why: reasons.join('; ') };
}

async function tryWebgpu(): Promise<Attempt> {
  return { ok: false, why: 'webgpu backend is not wired in yet (issue 9)' };
}

async function tryWasm(): Promise<Attempt> {
  if (!packageDir('@tensorflow/tfjs-backend-wasm')) return { ok: false, why: '@tensorflow/tfjs-backend-wasm is not installed' };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-backend-wasm');
  const missing = REQUIRED_KERNELS.filter((k) => !tf.getKernel(k, 'wasm'));
  if (missing.length) return { ok: false, why: `wasm lacks kernels ${missing.join(', ')}` };
  if (!(await tf.setBackend('wasm'))) return { ok: false, why: 'wasm backend failed to initialise' };
  return { ok: true, provider: '@tensorflow/tfjs-backend-wasm', device: `${cpuModel()} (wasm SIMD, 1 thread)` };
}

async function tryCpu(): Promise<Attempt> {
  await tf.setBackend('cpu');
  return { ok: true, provider: '@tensorflow/tfjs-backend-cpu', device: `${cpuModel()} (JS, 1 thread)` };
}

const ATTEMPTS: Record<BackendName, () => Promise<Attempt>> = { tensorflow: tryTensorflow, webgpu: tryWebgpu, wasm: tryWasm, cpu: tryCpu };

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

/** Starts the requested backend (default: PLATEAU_BACKEND, else automatic) and returns its report. */
export async function initBackend(request: string = process.env.PLATEAU_BACKEND || 'auto'): Promise<BackendReport> {
  tf.enableProdMode();
  if (request !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(request))
    throw new ConfigError(`unknown backend "${request}" (available: ${(await availableBackends()).join(', ')}, or auto)`);
  const order: BackendName[] = request === 'auto' ? [...BACKEND_NAMES] : [request as BackendName];
  const skipped: string[] = [];
  for (const name of order) {
    const a = await ATTEMPTS[name]();
    if (a.ok) {
      current = {
        backend: name,
        device: a.device!,
        provider: a.provider!,
        float: 'float32',
        packages: installedPackages(),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        skipped,
      };
      return current;
    }
    if (request !== 'auto')
      throw new ConfigError(`backend "${request}" cannot be used: ${a.why} (available: ${(await availableBackends()).join(', ')})`);
    skipped.push(`${name}: ${a.why}`);
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
  if (nativeBinding('@tensorflow/tfjs-node-gpu').ok || nativeBinding('@tensorflow/tfjs-node').ok) out.push('tensorflow');
  if (packageDir('@tensorflow/tfjs-backend-wasm')) out.push('wasm');
  out.push('cpu');
  return out;
}

function installedPackages(): Record<string, string> {
  const names = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = packageVersion(n);
    if (v) out[n] = v;
  }
  const own = packageVersion('plateau') ?? readOwnVersion();
  if (own) out.plateau = own;
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
