/**
 * Refusal before allocation: any request — qubits, batch, draws, shots, layers, grid, samples — is turned
 * into the bytes it implies (`requestBytes`) and checked against what this process may use (`memoryBudget`: free
 * memory and a cgroup limit, V8's heap limit for JS objects, V8's largest typed array), with a margin, before anything
 * is allocated. A refusal is one ConfigError line naming the request and how much it would need. Estimates are upper
 * bounds of the dominant terms (within a small factor), not accounting: their job is to stop 16 TiB, not to split hairs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as v8 from 'v8';
import { constants as bufferConstants } from 'buffer';
import { ConfigError } from './errors';
import { executionPolicy, parseBytes } from './execution';

/** Bytes of one amplitude as the engines hold it: complex Float64 (the CPU engine; the others use less). */
export const AMPLITUDE_BYTES = 16;
/** Heap bytes of one gate: its object in the circuit (240 B measured) and in the compiled plan (356 B measured). */
export const GATE_BYTES = 600;
/** Share of the free memory a request may take: the rest is the margin for everything not estimated. */
export const MEMORY_MARGIN = 0.8;

/** A request, in the units commands speak. Every field is optional; absent fields add nothing. */
export interface MemoryRequest {
  /** Qubits of the simulated register (visible + hidden). */
  qubits?: number;
  /** State vectors held at once (batch rows, draws evaluated together). @default 1 */
  batch?: number;
  /** Copies of each state an engine keeps at once (forward, adjoint, gradient scratch). @default 4 */
  copies?: number;
  /** Dense 2^n × 2^n complex matrices held at once (QBM Hamiltonians and their exponentials). */
  matrices?: number;
  /** Gates of the circuit (layers × gates per layer): JS objects. */
  gates?: number;
  /** Numbers held in typed arrays (parameters × draws, results per grid point …), 8 bytes each. */
  values?: number;
  /** Samples kept: their count, and heap bytes of each beyond a 4-byte index (a bitstring string, a CSV row). */
  samples?: number;
  sampleHeapBytes?: number;
  /** Explicit extra terms (a module's own estimate, e.g. the IQP Monte-Carlo tables). */
  extra?: MemoryTerm[];
}

/** One term of an estimate: bytes, the pool they live in, and the largest single typed array (elements). */
export interface MemoryTerm {
  what: string;
  bytes: number;
  /** 'heap': JS objects and arrays, bounded by V8's heap limit; 'native': typed arrays and tensors. @default 'native' */
  pool?: 'native' | 'heap';
  largestArray?: number;
}

/** What may be used: native bytes (RAM for everything), heap bytes (JS objects), and the largest typed array. */
export interface MemoryBudget {
  native: number;
  heap: number;
  maxArrayLength: number;
  /** How `native` was found, for messages. */
  source: string;
}

/** The terms of a request (see MemoryRequest), each with the arithmetic that produced it. */
export function requestBytes(r: MemoryRequest): MemoryTerm[] {
  const terms: MemoryTerm[] = [];
  const batch = r.batch ?? 1,
    copies = r.copies ?? 4;
  if (r.qubits !== undefined) {
    const amps = 2 ** r.qubits;
    terms.push({
      what: `state vectors 2^${r.qubits} × ${AMPLITUDE_BYTES} B × batch ${fmt(batch)} × ${copies} copies`,
      bytes: amps * AMPLITUDE_BYTES * batch * copies,
      largestArray: amps * batch,
    });
    if (r.matrices)
      terms.push({
        what: `${r.matrices} dense 2^${r.qubits} × 2^${r.qubits} matrices`,
        bytes: amps * amps * AMPLITUDE_BYTES * r.matrices,
        largestArray: amps * amps,
      });
  }
  if (r.gates)
    terms.push({ what: `${fmt(r.gates)} gates × ${GATE_BYTES} B`, bytes: r.gates * GATE_BYTES, pool: 'heap' });
  if (r.values) terms.push({ what: `${fmt(r.values)} numbers × 8 B`, bytes: r.values * 8, largestArray: r.values });
  if (r.samples) {
    terms.push({ what: `${fmt(r.samples)} samples × 4 B`, bytes: r.samples * 4, largestArray: r.samples });
    if (r.sampleHeapBytes)
      terms.push({
        what: `${fmt(r.samples)} samples × ${r.sampleHeapBytes} B of strings and rows`,
        bytes: r.samples * r.sampleHeapBytes,
        pool: 'heap',
      });
  }
  return [...terms, ...(r.extra ?? [])];
}

/** Bytes free for this process: MemAvailable (os.freemem) and, inside a cgroup, its limit less its usage. */
function freeBytes(): { bytes: number; source: string } {
  let bytes = os.freemem(),
    source = 'free memory';
  for (const [limitFile, usageFile] of [
    ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory.current'],
    ['/sys/fs/cgroup/memory/memory.limit_in_bytes', '/sys/fs/cgroup/memory/memory.usage_in_bytes'],
  ]) {
    try {
      const limit = Number(fs.readFileSync(limitFile, 'utf8').trim()),
        usage = Number(fs.readFileSync(usageFile, 'utf8').trim());
      if (Number.isFinite(limit) && limit < 2 ** 60 && Number.isFinite(usage) && limit - usage < bytes) {
        bytes = Math.max(0, limit - usage);
        source = 'the cgroup memory limit less its usage';
      }
      break;
    } catch {
      /* no such cgroup file: try the other layout, or none */
    }
  }
  return { bytes, source };
}

/**
 * The budget now: the execution policy's memory limit (PLATEAU_MEMORY_LIMIT, e.g. a batch job's allocation) when set,
 * else MEMORY_MARGIN of the free memory (or cgroup room); a module's own cap (`capVariable`, e.g.
 * PLATEAU_IQP_MAX_BYTES) lowers it further; MEMORY_MARGIN of the heap V8 has left; V8's largest typed array.
 */
export function memoryBudget(capVariable?: string): MemoryBudget {
  const limit = executionPolicy().memoryLimit,
    heap = v8.getHeapStatistics();
  let native: number, source: string;
  if (limit !== null) [native, source] = [limit, 'PLATEAU_MEMORY_LIMIT'];
  else {
    const free = freeBytes();
    [native, source] = [free.bytes * MEMORY_MARGIN, `${Math.round(MEMORY_MARGIN * 100)} % of ${free.source}`];
  }
  const capText = capVariable ? process.env[capVariable]?.trim() : undefined;
  if (capVariable && capText) {
    const cap = parseBytes(capText);
    if (cap === null || cap <= 0) throw new ConfigError(`${capVariable}="${capText}": expected bytes, e.g. 8G or 512M`);
    if (cap < native) [native, source] = [cap, capVariable];
  }
  return {
    native,
    heap: (heap.heap_size_limit - heap.used_heap_size) * MEMORY_MARGIN,
    maxArrayLength: bufferConstants.MAX_LENGTH,
    source,
  };
}

/**
 * Refuses `request` (text naming what was asked, e.g. "--step-qubits 40") when its terms do not fit the budget,
 * before anything is allocated; the message says how much it would need and what is available.
 */
export function checkMemory(request: string, terms: MemoryTerm[], budget: MemoryBudget = memoryBudget()): void {
  const total = terms.reduce((s, t) => s + t.bytes, 0),
    heap = terms.filter((t) => t.pool === 'heap').reduce((s, t) => s + t.bytes, 0);
  const biggest = [...terms].sort((a, b) => b.bytes - a.bytes)[0];
  const detail = biggest ? ` (mostly ${biggest.what})` : '';
  if (!(total <= budget.native))
    throw new ConfigError(
      `${request}: needs about ${formatBytes(total)}${detail}, more than the ${formatBytes(budget.native)} available (${budget.source}); choose a smaller size`,
    );
  if (!(heap <= budget.heap))
    throw new ConfigError(
      `${request}: needs about ${formatBytes(heap)} of JavaScript heap${detail}, more than the ${formatBytes(budget.heap)} left of Node's heap limit; choose a smaller size`,
    );
  const array = terms.find((t) => (t.largestArray ?? 0) > budget.maxArrayLength);
  if (array)
    throw new ConfigError(
      `${request}: needs one array of ${fmt(array.largestArray!)} elements (${array.what}), over the ${fmt(budget.maxArrayLength)} Node allows; choose a smaller size`,
    );
}

/** requestBytes then checkMemory: the one call commands make. */
export function checkRequest(request: string, r: MemoryRequest, budget?: MemoryBudget): void {
  checkMemory(request, requestBytes(r), budget);
}

/** "16.0 TiB", "512 MiB", "3.2e+6 TiB" for absurd sizes. */
export function formatBytes(b: number): string {
  if (!Number.isFinite(b)) return 'an unbounded amount';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (b >= 1024 && i < units.length - 1) {
    b /= 1024;
    i++;
  }
  return `${b >= 1e4 ? b.toExponential(1) : b >= 100 || i === 0 ? Math.round(b) : b.toFixed(1)} ${units[i]}`;
}

/** Counts in messages: 1000000 → "1000000", 1e15 → "1e+15". */
function fmt(x: number): string {
  return x >= 1e9 ? x.toExponential(0) : String(x);
}
