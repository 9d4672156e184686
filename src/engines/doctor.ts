/**
 * What a node offers plateau, for `plateau doctor`: the NVIDIA kernel driver and its GPUs (/proc, /dev), the CUDA
 * driver library and what cuInit says, the Vulkan loader (system or the offline bundle's) and the ICDs it would load,
 * Dawn's hardware adapter, tfjs-node-gpu, and the backend and engine `auto` would run, each with why. Every probe
 * catches its own failure and reports it as a line, so the report is complete on any machine.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cudaLibraryName, findLibrary } from './cuda/driver';
import { cudaPrecision, cudaStatus } from './cuda/device';
import { PTX_COMPILER } from './cuda/ptx.generated';
import { BackendReport, initBackend } from '../backend/backend';
import { installBackendHooks } from './backendHooks';
import { dawnBinaryPath, describeAdapter, hasVulkanLoader, startWebgpu, vulkanIcdFiles } from '../backend/dawn';
import { executionPolicy } from '../execution';

export interface NodeReport {
  host: { node: string; platform: string; cpu: string; memoryGiB: number };
  nvidia: { kernelDriver: string | null; gpus: string[]; deviceFiles: string[]; containerCapabilities: string | null };
  cuda: { library: string | null; ok: boolean; detail: string; ptx: string; precision: string };
  vulkan: {
    loader: string | null;
    bundledLoader: string | null;
    icds: { file: string; library: string }[];
    hint: string | null;
  };
  dawn: { binary: string | null; adapter: string | null; why: string | null };
  choice: { backend: string; skipped: string[]; engine: string; why: string; notice?: string } | { error: string };
}

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function list(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** The NVIDIA kernel module's version line and its GPUs, from /proc (present on any node with the driver loaded). */
function nvidia(): NodeReport['nvidia'] {
  const version = read('/proc/driver/nvidia/version');
  const kernelDriver = version
    ? (version.match(/Kernel Module\s+([\d.]+)/)?.[1] ?? version.split('\n')[0].trim())
    : null;
  const gpus = list('/proc/driver/nvidia/gpus').map((bus) => {
    const info = read(path.join('/proc/driver/nvidia/gpus', bus, 'information')) ?? '';
    return `${info.match(/^Model:\s*(.+)$/m)?.[1]?.trim() ?? 'unknown model'} (bus ${bus})`;
  });
  const deviceFiles = list('/dev')
    .filter((f) => /^nvidia(\d+|ctl|-uvm)$/.test(f))
    .map((f) => `/dev/${f}`);
  return { kernelDriver, gpus, deviceFiles, containerCapabilities: process.env.NVIDIA_DRIVER_CAPABILITIES ?? null };
}

function cuda(): NodeReport['cuda'] {
  const library = findLibrary(cudaLibraryName());
  const s = cudaStatus();
  const detail = s.ok
    ? `driver ${s.driverVersion}; ${s.devices.map((d) => `GPU ${d.ordinal}: ${d.name}, ${(d.totalBytes / 2 ** 30).toFixed(1)} GiB, compute ${d.capability}`).join('; ')}`
    : s.why;
  let precision: string;
  try {
    precision = cudaPrecision();
  } catch (e) {
    precision = (e as Error).message;
  }
  return {
    library,
    ok: s.ok,
    detail,
    ptx: `sm_80 PTX, JIT-compiled by the driver (built by ${PTX_COMPILER})`,
    precision,
  };
}

/** The Vulkan loader, and the ICD manifests it would read with the driver library each names. */
export function vulkanReport(): NodeReport['vulkan'] {
  const icds = vulkanIcdFiles().map((file) => {
    const text = read(file);
    let library = 'unreadable';
    try {
      library = text
        ? String((JSON.parse(text) as { ICD?: { library_path?: string } }).ICD?.library_path ?? '?')
        : 'missing';
    } catch {
      library = 'not JSON';
    }
    return { file, library };
  });
  const loader = hasVulkanLoader() ? (findLibrary('libvulkan.so.1') ?? 'libvulkan.so.1') : null;
  const bundledLoader = process.env.PLATEAU_BUNDLED_VULKAN ?? null;
  let hint: string | null = null;
  if (!icds.some((i) => /nvidia/i.test(i.file + i.library))) {
    const caps = process.env.NVIDIA_DRIVER_CAPABILITIES;
    hint =
      caps !== undefined && !/graphics|all/.test(caps)
        ? `no NVIDIA Vulkan ICD: this container exposes driver capabilities "${caps}"; Vulkan needs "graphics" (e.g. NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics)`
        : 'no NVIDIA Vulkan ICD (nvidia_icd.json): WebGPU cannot reach the GPU; the cuda engine does not need Vulkan';
  }
  return { loader, bundledLoader, icds, hint };
}

async function dawn(): Promise<NodeReport['dawn']> {
  const binary = dawnBinaryPath();
  if (!binary) return { binary, adapter: null, why: 'the webgpu package (Dawn) is not installed' };
  try {
    const r = await startWebgpu('hardware');
    return r.ok ? { binary, adapter: describeAdapter(r.adapter), why: null } : { binary, adapter: null, why: r.why };
  } catch (e) {
    return { binary, adapter: null, why: String((e as Error).message).split('\n')[0] };
  }
}

async function choice(): Promise<NodeReport['choice']> {
  try {
    installBackendHooks(); // the engine choice below is the engines' (doctor loads no engine itself)
    const r: BackendReport = await initBackend(executionPolicy().backend, { quiet: true });
    return {
      backend: r.backend,
      skipped: r.skipped,
      engine: r.engine.name,
      why: r.engine.why,
      ...(r.notice ? { notice: r.notice } : {}),
    };
  } catch (e) {
    return { error: String((e as Error).message).split('\n')[0] };
  }
}

export async function nodeReport(): Promise<NodeReport> {
  const cpus = os.cpus();
  const host = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: `${cpus[0]?.model?.trim() ?? 'unknown CPU'} ×${cpus.length}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
  return { host, nvidia: nvidia(), cuda: cuda(), vulkan: vulkanReport(), dawn: await dawn(), choice: await choice() };
}

/** The report as lines for people. */
export function formatNodeReport(r: NodeReport): string[] {
  const out = [`host: node ${r.host.node}, ${r.host.platform}, ${r.host.cpu}, ${r.host.memoryGiB} GiB`];
  const nv = r.nvidia;
  out.push(
    `nvidia driver: ${nv.kernelDriver ?? 'none loaded (no /proc/driver/nvidia)'}${nv.containerCapabilities !== null ? `; container capabilities: ${nv.containerCapabilities || '(empty)'}` : ''}`,
  );
  out.push(
    `gpus: ${nv.gpus.length ? nv.gpus.join('; ') : 'none listed in /proc'}${nv.deviceFiles.length ? ` (${nv.deviceFiles.join(' ')})` : ''}`,
  );
  out.push(`libcuda: ${r.cuda.library ?? 'not found'}; ${r.cuda.ok ? 'usable' : 'not usable'}: ${r.cuda.detail}`);
  out.push(`cuda engine: ${r.cuda.ptx}; ${r.cuda.precision} states`);
  out.push(
    `vulkan loader: ${r.vulkan.loader ?? 'none'}${r.vulkan.bundledLoader ? ` (the bundle's: ${r.vulkan.bundledLoader})` : ''}`,
  );
  out.push(
    `vulkan ICDs: ${r.vulkan.icds.length ? r.vulkan.icds.map((i) => `${i.file} → ${i.library}`).join('; ') : 'none'}`,
  );
  if (r.vulkan.hint) out.push(`  note: ${r.vulkan.hint}`);
  out.push(`dawn: ${r.dawn.adapter ?? `no hardware adapter: ${r.dawn.why}`}`);
  if ('error' in r.choice) out.push(`would run: no backend could start: ${r.choice.error}`);
  else {
    out.push(`would run: backend ${r.choice.backend}, engine ${r.choice.why}`);
    for (const s of r.choice.skipped) out.push(`  skipped ${s}`);
    if (r.choice.notice) out.push(`  ${r.choice.notice}`);
  }
  return out;
}
