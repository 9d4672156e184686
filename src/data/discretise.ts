/**
 * Continuous features → bitstrings and back. Each feature gets k qubits and 2^k bins (uniform in a range, or at the
 * empirical quantiles); its bin number is written in binary or in the reflected Gray code (neighbouring bins differ in
 * one bit), most significant bit on the feature's first qubit. Features are concatenated into one register in the
 * order given. The map is plain JSON and lives in the data card, so a model's samples can be mapped back to physical
 * units (bin interval or centre) later.
 */
import { ConfigError } from '../errors';
import { quantileSorted } from '../stats/quantile';

export type Binning = 'uniform' | 'quantile';
export type BinCode = 'binary' | 'gray';

/** One feature's encoding: qubits [firstQubit, firstQubit + bits), bin j = [edges[j], edges[j+1]) (last bin closed). */
export interface FeatureEncoding {
  name: string;
  unit?: string;
  bits: number;
  binning: Binning;
  code: BinCode;
  firstQubit: number;
  /** 2^bits + 1 non-decreasing edges. */
  edges: number[];
}

export interface FeatureSpec {
  name: string;
  bits: number;
  /** @default 'uniform' */ binning?: Binning;
  /** @default 'binary' */ code?: BinCode;
  /** Uniform binning: the edges span it (@default [min, max] of the data); quantile binning: it selects [lo, hi], inner
   * edges at the quantiles of the values inside. */ range?: [number, number];
  unit?: string;
}

export const grayEncode = (b: number): number => (b ^ (b >>> 1)) >>> 0;

export function grayDecode(g: number): number {
  let b = g;
  for (let s = g >>> 1; s; s >>>= 1) b ^= s;
  return b >>> 0;
}

/** Fits bin edges for each spec on the given columns (all finite) and lays the features out qubit after qubit. */
export function fitFeatureMap(columns: Record<string, ArrayLike<number>>, specs: readonly FeatureSpec[]): FeatureEncoding[] {
  if (specs.length === 0) throw new ConfigError('no features given');
  let q = 0;
  return specs.map((s) => {
    const col = columns[s.name];
    if (!col) throw new ConfigError(`no column "${s.name}" (have: ${Object.keys(columns).join(', ')})`);
    if (!Number.isInteger(s.bits) || s.bits < 1 || s.bits > 16) throw new ConfigError(`feature "${s.name}": bits must be an integer in 1..16, got ${s.bits}`);
    const binning = s.binning ?? 'uniform', code = s.code ?? 'binary', nb = 2 ** s.bits;
    if (binning !== 'uniform' && binning !== 'quantile') throw new ConfigError(`feature "${s.name}": binning must be uniform or quantile, got "${binning}"`);
    if (code !== 'binary' && code !== 'gray') throw new ConfigError(`feature "${s.name}": code must be binary or gray, got "${code}"`);
    const sorted = Float64Array.from(col).sort();
    if (sorted.length === 0) throw new ConfigError(`feature "${s.name}": no values`);
    if (!Number.isFinite(sorted[0]) || !Number.isFinite(sorted[sorted.length - 1])) throw new ConfigError(`feature "${s.name}": non-finite values`);
    let edges: number[];
    if (binning === 'uniform') {
      const [lo, hi] = s.range ?? [sorted[0], sorted[sorted.length - 1]];
      if (!s.range && lo === hi) throw new ConfigError(`feature "${s.name}": all ${sorted.length} values equal ${lo}; give a range (name:bits:lo:hi)`);
      if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new ConfigError(`feature "${s.name}": needs a range lo < hi, got [${lo}, ${hi}]`);
      edges = Array.from({ length: nb + 1 }, (_, j) => (j === nb ? hi : lo + ((hi - lo) * j) / nb));
      if (edges.some((e, j) => j > 0 && !(e > edges[j - 1]))) throw new ConfigError(`feature "${s.name}": range [${lo}, ${hi}] is too narrow for ${nb} distinct bins`);
    } else if (s.range) {
      // A range with quantile binning selects [lo, hi]; the inner edges sit at the quantiles of the values inside it.
      const [lo, hi] = s.range;
      if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new ConfigError(`feature "${s.name}": needs a range lo < hi, got [${lo}, ${hi}]`);
      const inside = sorted.filter((x) => x >= lo && x <= hi);
      if (inside.length === 0) throw new ConfigError(`feature "${s.name}": no values inside [${lo}, ${hi}] (the data span [${sorted[0]}, ${sorted[sorted.length - 1]}])`);
      edges = Array.from({ length: nb + 1 }, (_, j) => (j === 0 ? lo : j === nb ? hi : quantileSorted(inside, j / nb)));
    } else {
      if (sorted[0] === sorted[sorted.length - 1]) throw new ConfigError(`feature "${s.name}": all ${sorted.length} values equal ${sorted[0]}, so every quantile bin edge is the same; drop the feature, or give a range with uniform binning (name:bits:lo:hi)`);
      edges = Array.from({ length: nb + 1 }, (_, j) => quantileSorted(sorted, j / nb));
    }
    const empty = edges.filter((e, j) => j > 0 && e === edges[j - 1]).length;
    if (empty > 0) process.stderr.write(`warning: feature "${s.name}": ${empty} of its ${nb} ${binning} bins have zero width (too few distinct values for ${s.bits} bits); those bitstrings never occur\n`);
    const enc: FeatureEncoding = { name: s.name, bits: s.bits, binning, code, firstQubit: q, edges, ...(s.unit ? { unit: s.unit } : {}) };
    q += s.bits;
    return enc;
  });
}

/** Total qubits of a feature map. */
export const featureQubits = (map: readonly FeatureEncoding[]): number => map.reduce((a, f) => a + f.bits, 0);

/** Bin of x: the j with edges[j] ≤ x < edges[j+1] (the last bin includes its upper edge); −1 outside [e0, e_last]. */
export function binOf(enc: FeatureEncoding, x: number): number {
  const e = enc.edges, nb = e.length - 1;
  if (!(x >= e[0] && x <= e[nb])) return -1;
  let lo = 0, hi = nb - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (e[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export type OutOfRange = 'drop' | 'clip' | 'error';

/**
 * Encodes rows of the named columns into basis indices (qubit 0 = MSB). Rows with a value outside a feature's range
 * are dropped (default), clipped into the edge bin, or an error; returns the kept row numbers too.
 */
export function encodeFeatures(map: readonly FeatureEncoding[], columns: Record<string, ArrayLike<number>>, outOfRange: OutOfRange = 'drop'): { indices: Uint32Array; kept: Uint32Array } {
  const n = featureQubits(map);
  const rows = columns[map[0].name]?.length ?? 0;
  for (const f of map) if (!columns[f.name] || columns[f.name].length !== rows) throw new ConfigError(`column "${f.name}" missing or of a different length`);
  const idx: number[] = [], kept: number[] = [];
  rowLoop: for (let r = 0; r < rows; r++) {
    let index = 0;
    for (const f of map) {
      const x = columns[f.name][r];
      let b = binOf(f, x);
      if (b < 0) {
        if (outOfRange === 'error' || Number.isNaN(x)) throw new ConfigError(`row ${r + 1}: feature "${f.name}" = ${x} is outside [${f.edges[0]}, ${f.edges[f.edges.length - 1]}]`);
        if (outOfRange === 'drop') continue rowLoop;
        b = x < f.edges[0] ? 0 : f.edges.length - 2;
      }
      const code = f.code === 'gray' ? grayEncode(b) : b;
      index += code * 2 ** (n - f.firstQubit - f.bits);
    }
    idx.push(index);
    kept.push(r);
  }
  return { indices: Uint32Array.from(idx), kept: Uint32Array.from(kept) };
}

/** The bin of each feature in basis index `index`, with its physical interval and centre. */
export function decodeIndex(map: readonly FeatureEncoding[], index: number): { name: string; bin: number; lo: number; hi: number; centre: number }[] {
  const n = featureQubits(map);
  return map.map((f) => {
    const code = Math.floor(index / 2 ** (n - f.firstQubit - f.bits)) % 2 ** f.bits;
    const bin = f.code === 'gray' ? grayDecode(code) : code;
    const lo = f.edges[bin], hi = f.edges[bin + 1];
    return { name: f.name, bin, lo, hi, centre: (lo + hi) / 2 };
  });
}

/** Model samples (basis indices) → physical values per feature: bin centres, or uniform within the bin if `jitter` gives uniforms. */
export function decodeSamples(map: readonly FeatureEncoding[], indices: ArrayLike<number>, jitter?: () => number): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const f of map) out[f.name] = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++)
    for (const d of decodeIndex(map, indices[i])) out[d.name][i] = jitter ? d.lo + jitter() * (d.hi - d.lo) : d.centre;
  return out;
}
