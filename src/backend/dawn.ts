/**
 * Starts tfjs's `webgpu` backend in Node on Dawn (npm `webgpu`, a prebuilt dawn.node per platform). Two adapter modes:
 *  - `hardware` (the automatic choice): Dawn's default backend (Vulkan on Linux); a software adapter is refused;
 *  - `software`: llvmpipe through Mesa's OpenGL (EGL_PLATFORM=surfaceless, compatibility feature level), the only
 *    adapter that works without a GPU (Dawn rejects lavapipe); used only when asked for (PLATEAU_WEBGPU_ADAPTER).
 * Every failure is a one-line reason. dawn.node is loaded by path (not through the ESM `webgpu` entry), so a bundle can
 * ship the binary alone (PLATEAU_DAWN_NODE). tfjs's readSync cannot work here (it reads back through OffscreenCanvas),
 * so dataSync/arraySync on this backend throw a one-line NotSupportedError: read with `await t.data()`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, NotSupportedError } from '../errors';

export const WEBGPU_ADAPTER_MODES = ['hardware', 'software'] as const;
export type WebgpuAdapterMode = (typeof WEBGPU_ADAPTER_MODES)[number];

/** What the report says about the adapter (GPUAdapterInfo fields; empty strings where the driver gives none). */
export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  software: boolean;
  mode: WebgpuAdapterMode;
}

export type WebgpuStart = { ok: true; adapter: AdapterSummary; dawn: string } | { ok: false; why: string };

interface GpuAdapterLike {
  info: Record<string, unknown>;
  limits: Record<string, number>;
  requestDevice(desc?: object): Promise<unknown>;
}
interface DawnModule {
  create(flags: string[]): { requestAdapter(opts?: object): Promise<GpuAdapterLike | null> };
  globals: Record<string, unknown>;
}

/** The adapter mode asked for by PLATEAU_WEBGPU_ADAPTER (default hardware). */
export function webgpuAdapterMode(env: NodeJS.ProcessEnv = process.env): WebgpuAdapterMode {
  const v = (env.PLATEAU_WEBGPU_ADAPTER ?? 'hardware').trim() || 'hardware';
  if (!(WEBGPU_ADAPTER_MODES as readonly string[]).includes(v))
    throw new ConfigError(`PLATEAU_WEBGPU_ADAPTER="${v}" is not one of ${WEBGPU_ADAPTER_MODES.join(', ')}`);
  return v as WebgpuAdapterMode;
}

/** Path of dawn.node for this platform: PLATEAU_DAWN_NODE, else inside the installed `webgpu` package; null if absent. */
export function dawnBinaryPath(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PLATEAU_DAWN_NODE) return fs.existsSync(env.PLATEAU_DAWN_NODE) ? env.PLATEAU_DAWN_NODE : null;
  let dir: string;
  try {
    dir = path.dirname(require.resolve('webgpu/package.json'));
  } catch {
    return null;
  }
  const arch = process.platform === 'darwin' ? 'universal' : process.arch;
  const p = path.join(dir, 'dist', `${process.platform}-${arch}`, 'dawn.node');
  return fs.existsSync(p) ? p : null;
}

/**
 * Whether the Vulkan loader can be found (Linux): LD_LIBRARY_PATH, the usual library folders, the ld.so cache. Checked
 * before asking Dawn, which would otherwise print multi-line warnings on every CPU-only machine.
 */
export function hasVulkanLoader(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [
    ...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/lib64',
    '/lib/x86_64-linux-gnu',
  ];
  if (dirs.some((d) => fs.existsSync(path.join(d, 'libvulkan.so.1')))) return true;
  try {
    return fs.readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

/**
 * The Vulkan driver (ICD) manifests the loader would read: VK_DRIVER_FILES / VK_ICD_FILENAMES when set, else the JSON
 * files in the loader's standard folders (XDG config and data folders, /etc, /usr/share, /usr/local/share). With
 * none, the loader finds no driver, and asking Dawn would only print its multi-line warnings.
 */
export function vulkanIcdFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const explicit = env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES;
  if (explicit) return explicit.split(':').filter((f) => f && fs.existsSync(f));
  const home = env.HOME ?? '';
  const roots = [
    ...(env.XDG_CONFIG_DIRS || '/etc/xdg').split(':'),
    '/etc',
    ...(env.XDG_DATA_HOME ? [env.XDG_DATA_HOME] : home ? [path.join(home, '.local/share')] : []),
    ...(env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':'),
    '/usr/local/share',
    '/usr/share',
  ].filter(Boolean);
  const files = new Set<string>();
  for (const r of roots) {
    const dir = path.join(r, 'vulkan', 'icd.d');
    try {
      for (const f of fs.readdirSync(dir)) if (f.endsWith('.json')) files.add(path.join(dir, f));
    } catch {
      /* no such folder */
    }
  }
  for (const f of (env.VK_ADD_DRIVER_FILES ?? '').split(':')) if (f && fs.existsSync(f)) files.add(f);
  return [...files];
}

const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|software/i;

function summarise(info: Record<string, unknown>, mode: WebgpuAdapterMode): AdapterSummary {
  const s = (k: string) => (typeof info[k] === 'string' ? (info[k] as string) : '');
  const software = info.isFallbackAdapter === true || SOFTWARE.test(`${s('device')} ${s('description')}`);
  return {
    vendor: s('vendor'),
    architecture: s('architecture'),
    device: s('device'),
    description: s('description'),
    software,
    mode,
  };
}

/** One line naming the adapter, e.g. "nvidia hopper: NVIDIA H100 (Vulkan …)" or "llvmpipe … (software renderer)". */
export function describeAdapter(a: AdapterSummary): string {
  const head = [a.vendor, a.architecture].filter(Boolean).join(' ');
  const body = [a.device, a.description].filter(Boolean).join(', ');
  return `${head ? `${head}: ` : ''}${body || 'unnamed adapter'}${a.software ? ' (software renderer, not a GPU)' : ''} via Dawn`;
}

let started: AdapterSummary | null = null;
/** Dawn's GPU instances must outlive their devices: a collected instance takes the device down with it (a crash). */
const liveInstances: unknown[] = [];

/** The adapter of the running webgpu backend, if it was started here. */
export function webgpuAdapter(): AdapterSummary | null {
  return started;
}

async function findAdapter(
  dawn: DawnModule,
  mode: WebgpuAdapterMode,
): Promise<{ adapter: GpuAdapterLike } | { why: string }> {
  if (mode === 'hardware') {
    if (!hasVulkanLoader()) return { why: 'no Vulkan loader (libvulkan.so.1), so Dawn cannot reach a GPU driver' };
    if (vulkanIcdFiles().length === 0)
      return {
        why: 'no Vulkan driver manifest (ICD, e.g. nvidia_icd.json in /usr/share/vulkan/icd.d), so Dawn cannot reach a GPU (NVIDIA containers expose one only with the "graphics" driver capability)',
      };
    const gpu = dawn.create([]);
    liveInstances.push(gpu);
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter)
      return {
        why: "Dawn found no GPU adapter (Vulkan loader present; is the GPU vendor's Vulkan driver/ICD installed?)",
      };
    const a = summarise(adapter.info, mode);
    if (a.software)
      return {
        why: `Dawn found only a software adapter (${a.device || a.description}); use it with --backend webgpu and PLATEAU_WEBGPU_ADAPTER=software`,
      };
    return { adapter };
  }
  // Mesa reads EGL_PLATFORM when Dawn opens its EGL display; surfaceless needs no X server or GPU.
  process.env.EGL_PLATFORM ??= 'surfaceless';
  const gpu = dawn.create(['backend=opengl']);
  liveInstances.push(gpu);
  const adapter = await gpu.requestAdapter({ featureLevel: 'compatibility' });
  if (!adapter)
    return {
      why: 'Dawn found no OpenGL adapter for the software renderer (needs Mesa: libegl1 libegl-mesa0 libgl1-mesa-dri)',
    };
  return { adapter };
}

/** Starts the webgpu backend on a Dawn adapter of the given mode; `tf.setBackend('webgpu')` on success. */
export async function startWebgpu(mode: WebgpuAdapterMode): Promise<WebgpuStart> {
  const bin = dawnBinaryPath();
  if (!bin)
    return {
      ok: false,
      why: `the webgpu package (Dawn) has no binary for ${process.platform}-${process.arch} or is not installed`,
    };
  let backendModule: { WebGPUBackend: new (device: unknown, info?: unknown) => tf.KernelBackend };
  let dawn: DawnModule;
  try {
    dawn = require(bin) as DawnModule;
    // Imported before navigator.gpu exists, so the package registers its kernels but not its own backend factory.
    backendModule = require('@tensorflow/tfjs-backend-webgpu');
  } catch (e) {
    return { ok: false, why: `Dawn or @tensorflow/tfjs-backend-webgpu failed to load: ${firstLine(e)}` };
  }
  try {
    const found = await findAdapter(dawn, mode);
    if ('why' in found) return { ok: false, why: found.why };
    const { adapter } = found;
    const L = adapter.limits;
    const limits = [
      'maxStorageBufferBindingSize',
      'maxBufferSize',
      'maxComputeWorkgroupStorageSize',
      'maxComputeWorkgroupsPerDimension',
      'maxComputeInvocationsPerWorkgroup',
      'maxComputeWorkgroupSizeX',
    ];
    const device = await adapter.requestDevice({ requiredLimits: Object.fromEntries(limits.map((k) => [k, L[k]])) });
    const g = globalThis as Record<string, unknown>;
    for (const [k, v] of Object.entries(dawn.globals)) if (!(k in g)) g[k] = v; // GPUBufferUsage, GPUMapMode, …
    const nav = (g.navigator ?? (g.navigator = {})) as Record<string, unknown>;
    // tfjs-backend-webgpu only checks that navigator.gpu exists; the adapter chosen here is passed in directly.
    if (!nav.gpu)
      Object.defineProperty(nav, 'gpu', { value: { requestAdapter: async () => adapter }, configurable: true });
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    tf.registerBackend('webgpu', () => withClearReadSync(new backendModule.WebGPUBackend(device, adapter.info)));
    if (!(await tf.setBackend('webgpu')))
      return { ok: false, why: 'the tfjs webgpu backend failed to initialise on the Dawn device' };
    started = summarise(adapter.info, mode);
    return { ok: true, adapter: started, dawn: bin };
  } catch (e) {
    return { ok: false, why: `Dawn failed: ${firstLine(e)}` };
  }
}

/** Replaces the OffscreenCanvas readback (absent in Node) by a one-line error unless the values are already on the CPU. */
function withClearReadSync(backend: tf.KernelBackend): tf.KernelBackend {
  const b = backend as unknown as {
    readSync(id: object): unknown;
    tensorMap: { get(id: object): { values?: unknown } | undefined };
  };
  b.readSync = (dataId: object) => {
    const values = b.tensorMap.get(dataId)?.values;
    if (values != null) return values;
    throw new NotSupportedError(
      'dataSync/arraySync cannot read GPU memory on the webgpu backend in Node; use `await tensor.data()` (or array())',
    );
  };
  return backend;
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0];
}
