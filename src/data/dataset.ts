/**
 * A dataset for a generative model on n qubits: rows of basis indices (bitstrings) with weights (1 per event, a count,
 * or an exact probability mass), and its data card (what each qubit means, provenance, seed, counts). Bit order as in
 * circuit/bits.ts: qubit 0 is the most significant bit of an index and the first character of a bitstring, so the
 * empirical distribution [1, 2^n] lines up with `probs(circuit, θ)` and `mmdLoss(p, q, σs)`.
 */
import type { Tensor2D } from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import { createRng } from '../rng';
import { MAX_QUBITS, toBitstring } from '../circuit/bits';
import { FeatureEncoding } from './discretise';
import { checkQubitMap } from './qubitMap';
import type { DistributionSummary } from './stats';

/** What the qubits stand for. Pixels: qubit q ↔ pixel (row ⌊q/cols⌋, col q mod cols), row 0 at the top. */
export type QubitMap =
  | { kind: 'pixels'; rows: number; cols: number; order: 'row-major' }
  | { kind: 'features'; features: FeatureEncoding[] }
  | { kind: 'bits'; description: string };

export interface Generator {
  name: string;
  parameters: Record<string, unknown>;
  citations: string[];
}

/** The JSON data card stored next to the CSV. */
export interface DataCard {
  schema: 'plateau.data-card/1';
  name: string;
  kind: string;
  description: string;
  nQubits: number;
  bitOrder: string;
  qubitMap: QubitMap;
  /** Where the data came from: a generator (with parameters and citations) or an input file. */
  source: string;
  generator: Generator | null;
  seed: number | null;
  /** true when the weights are an exact distribution rather than event counts. */
  exact: boolean;
  counts: { rows: number; events: number | null; distinct: number; totalWeight: number; train?: number; test?: number };
  plateauVersion: string;
  command?: string;
  notes?: string[];
  /** The distribution's statistics as written (entropy, correlator power, top bitstrings), with reference values. */
  statistics?: DistributionSummary & { reference?: unknown };
}

export interface Dataset {
  card: DataCard;
  /** Basis index per row, [rows]. */
  indices: Uint32Array;
  /** Weight per row, [rows]; ≥ 0, not all zero. */
  weights: Float64Array;
  /** Optional physical values per row (feature datasets), each [rows]. */
  columns?: Record<string, Float64Array>;
}

export const BIT_ORDER = 'qubit 0 = most significant bit of the basis index = first character of the bitstring';

export const PLATEAU_VERSION: string = (require('../../package.json') as { version: string }).version;

export interface DatasetInit {
  name: string;
  kind: string;
  description: string;
  nQubits: number;
  indices: ArrayLike<number>;
  weights?: ArrayLike<number>;
  qubitMap: QubitMap;
  source: string;
  generator?: Generator | null;
  seed?: number | null;
  exact?: boolean;
  columns?: Record<string, Float64Array>;
  command?: string;
  notes?: string[];
}

/** Builds and validates a dataset; the card's counts are computed here. */
export function makeDataset(init: DatasetInit): Dataset {
  const n = init.nQubits, where = `dataset "${init.name}"`;
  if (!Number.isInteger(n) || n < 1 || n > MAX_QUBITS) throw new ConfigError(`${where}: nQubits must be an integer in 1..${MAX_QUBITS}, got ${n}`);
  const rows = init.indices.length;
  if (rows === 0) throw new ConfigError(`${where}: no rows`);
  const indices = Uint32Array.from(init.indices);
  const weights = init.weights ? Float64Array.from(init.weights) : new Float64Array(rows).fill(1);
  if (weights.length !== rows) throw new ConfigError(`${where}: ${rows} indices but ${weights.length} weights`);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const x = init.indices[r];
    if (!Number.isInteger(x) || x < 0 || x >= 2 ** n) throw new ConfigError(`${where}: row ${r + 1} has index ${x}, outside 0..2^${n}−1`);
    if (!(weights[r] >= 0 && Number.isFinite(weights[r]))) throw new ConfigError(`${where}: row ${r + 1} has weight ${weights[r]}`);
    total += weights[r];
  }
  if (!(total > 0)) throw new ConfigError(`${where}: weights sum to zero`);
  const integer = weights.every((w) => Number.isInteger(w));
  const card = dataCard(init, { rows, events: integer && !init.exact ? total : null, distinct: new Set(indices).size, totalWeight: total });
  return { card, indices, weights, ...(init.columns ? { columns: init.columns } : {}) };
}

/** The card of a dataset with the given counts, its qubit map checked against n: one builder for makeDataset and the
 * wide datasets of wideData.ts. */
export function dataCard(init: Omit<DatasetInit, 'indices' | 'weights'>, counts: DataCard['counts']): DataCard {
  const n = init.nQubits, where = `dataset "${init.name}"`;
  // each weight is finite (checked by the callers), but their sum can overflow
  if (!Number.isFinite(counts.totalWeight)) throw new ConfigError(`${where}: weights sum to ${counts.totalWeight} (each is finite, their sum overflows); rescale them`);
  const qm = checkQubitMap(init.qubitMap, n, `${where}: qubitMap`);
  for (const [k, c] of Object.entries(init.columns ?? {})) if (c.length !== counts.rows) throw new ConfigError(`${where}: column "${k}" has ${c.length} rows, expected ${counts.rows}`);
  return {
    schema: 'plateau.data-card/1',
    name: init.name,
    kind: init.kind,
    description: init.description,
    nQubits: n,
    bitOrder: BIT_ORDER,
    qubitMap: qm,
    source: init.source,
    generator: init.generator ?? null,
    seed: init.seed ?? null,
    exact: init.exact ?? false,
    counts,
    plateauVersion: PLATEAU_VERSION,
    ...(init.command ? { command: init.command } : {}),
    ...(init.notes ? { notes: init.notes } : {}),
  };
}

/** Empirical distribution p̃(x) = Σ_{rows with index x} w / Σ w, as Float64 [2^n]. */
export function empiricalDistribution(ds: Dataset): Float64Array {
  const n = ds.card.nQubits;
  if (n > 26) throw new ConfigError(`empiricalDistribution: 2^${n} entries is too large to hold densely (max n = 26)`);
  const p = new Float64Array(2 ** n);
  let total = 0;
  for (let r = 0; r < ds.indices.length; r++) {
    p[ds.indices[r]] += ds.weights[r];
    total += ds.weights[r];
  }
  for (let x = 0; x < p.length; x++) p[x] /= total;
  return p;
}

/** p̃ as a float32 tensor [1, 2^n], ready for `mmdLoss(probs(circuit, θ), p̃, σs)`. The caller disposes it. */
export function empiricalTensor(ds: Dataset): Tensor2D {
  // required here, not at the top: `plateau data` reads datasets without tfjs, which takes 0.2–0.3 s to load
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tf = require('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs');
  return tf.tensor2d(Float32Array.from(empiricalDistribution(ds)), [1, 2 ** ds.card.nQubits]);
}

/** Distinct indices (ascending) with their summed weights. */
export function aggregate(indices: ArrayLike<number>, weights: ArrayLike<number>): { indices: Uint32Array; weights: Float64Array } {
  const m = new Map<number, number>();
  for (let r = 0; r < indices.length; r++) m.set(indices[r], (m.get(indices[r]) ?? 0) + weights[r]);
  const keys = [...m.keys()].sort((a, b) => a - b);
  return { indices: Uint32Array.from(keys), weights: Float64Array.from(keys, (k) => m.get(k)!) };
}

/** The rows' bitstrings (qubit 0 first). */
export const bitstringsOf = (ds: Dataset): string[] => Array.from(ds.indices, (x) => toBitstring(x, ds.card.nQubits));

/** Expands integer counts into one index per event (needed for splitting and shot-like use). */
export function eventsOf(ds: Dataset): Uint32Array {
  if (ds.card.exact || !ds.weights.every((w) => Number.isInteger(w)))
    throw new ConfigError(`dataset "${ds.card.name}" holds an exact distribution (non-integer weights), not events; it cannot be split or expanded into events`);
  const out = new Uint32Array(ds.weights.reduce((a, b) => a + b, 0));
  let k = 0;
  for (let r = 0; r < ds.indices.length; r++) for (let c = 0; c < ds.weights[r]; c++) out[k++] = ds.indices[r];
  return out;
}

/**
 * Seeded train/test split of the events: a Fisher–Yates shuffle with `createRng(seed)`, the first ⌈(1 − f)·N⌉ events
 * to train. Both halves keep the parent's card (with split counts), aggregated to distinct bitstrings.
 */
export function splitDataset(ds: Dataset, testFraction: number, seed: number): { train: Dataset; test: Dataset } {
  if (!(testFraction > 0 && testFraction < 1)) throw new ConfigError(`splitDataset: testFraction must be in (0, 1), got ${testFraction}`);
  const ev = eventsOf(ds), rng = createRng(`split/${seed}`);
  for (let i = ev.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [ev[i], ev[j]] = [ev[j], ev[i]];
  }
  const nTrain = Math.ceil((1 - testFraction) * ev.length);
  if (nTrain === ev.length || nTrain === 0) throw new ConfigError(`splitDataset: ${ev.length} events are too few for a test fraction of ${testFraction}`);
  const part = (xs: Uint32Array, tag: string): Dataset => {
    const a = aggregate(xs, new Float64Array(xs.length).fill(1));
    const d = makeDataset({ ...ds.card, name: `${ds.card.name}-${tag}`, indices: a.indices, weights: a.weights, generator: ds.card.generator, seed: ds.card.seed });
    d.card.counts = { ...d.card.counts, train: nTrain, test: ev.length - nTrain };
    d.card.notes = [...(ds.card.notes ?? []), `${tag} part of a seeded split (seed ${seed}, test fraction ${testFraction})`];
    return d;
  };
  return { train: part(ev.subarray(0, nTrain), 'train'), test: part(ev.subarray(nTrain), 'test') };
}
