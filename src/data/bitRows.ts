/**
 * Bitstrings of any width as packed rows: row r, qubit q lives in word r·W + ⌊q/32⌋ at bit q mod 32 (W = ⌈n/32⌉).
 * This is a storage layout only: qubit q is still character q of the bitstring (qubit 0 first, circuit/bits.ts), and
 * `fromIndices` maps basis indices (qubit 0 = most significant bit) onto it. Datasets past 30 qubits (IQP models on
 * 8×8 images and beyond) and the Monte-Carlo samples of models/iqp use it; nothing here is ever 2^n long.
 */
import { ConfigError, ShapeError } from '../errors';

export interface BitRows {
  nQubits: number;
  rows: number;
  /** Words per row, ⌈n/32⌉. */
  words: number;
  bits: Uint32Array;
}

export function emptyRows(nQubits: number, rows: number): BitRows {
  if (!(Number.isInteger(nQubits) && nQubits >= 1)) throw new ShapeError(`bit rows: nQubits must be a positive integer, got ${nQubits}`);
  const words = Math.ceil(nQubits / 32);
  return { nQubits, rows, words, bits: new Uint32Array(rows * words) };
}

export function getBit(r: BitRows, row: number, q: number): number {
  return (r.bits[row * r.words + (q >>> 5)] >>> (q & 31)) & 1;
}

export function setBit(r: BitRows, row: number, q: number): void {
  r.bits[row * r.words + (q >>> 5)] |= 1 << (q & 31);
}

/** Rows from bitstrings (qubit 0 first); `where` names the source in errors. */
export function fromBitstrings(strings: readonly string[], nQubits = strings[0]?.length ?? 0, where = 'bitstrings'): BitRows {
  const out = emptyRows(nQubits, strings.length);
  strings.forEach((s, r) => {
    if (s.length !== nQubits) throw new ConfigError(`${where}: row ${r + 1} has ${s.length} bits, expected ${nQubits}`);
    for (let q = 0; q < nQubits; q++) {
      const c = s.charCodeAt(q);
      if (c === 49) setBit(out, r, q);
      else if (c !== 48) throw new ConfigError(`${where}: row ${r + 1} has "${s[q]}" at position ${q + 1}; only 0 and 1 are allowed`);
    }
  });
  return out;
}

/** Rows from basis indices of an n ≤ 30 register (qubit 0 = most significant bit). */
export function fromIndices(indices: ArrayLike<number>, nQubits: number): BitRows {
  const out = emptyRows(nQubits, indices.length);
  for (let r = 0; r < indices.length; r++) for (let q = 0; q < nQubits; q++) if ((indices[r] >>> (nQubits - 1 - q)) & 1) setBit(out, r, q);
  return out;
}

/** Basis index of a row of an n ≤ 30 register. */
export function indexOf(r: BitRows, row: number): number {
  if (r.nQubits > 30) throw new ShapeError(`indexOf: ${r.nQubits} qubits have no 32-bit basis index`);
  let x = 0;
  for (let q = 0; q < r.nQubits; q++) x = x * 2 + getBit(r, row, q);
  return x;
}

export function rowString(r: BitRows, row: number): string {
  let s = '';
  for (let q = 0; q < r.nQubits; q++) s += getBit(r, row, q) ? '1' : '0';
  return s;
}

/** Number of set bits of a 32-bit word. */
function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** x · a mod 2 for row i of `x` and row j of `a` (same width): the parity of the overlap. */
export function overlapParity(x: BitRows, i: number, a: BitRows, j: number): number {
  let acc = 0;
  const ox = i * x.words, oa = j * a.words;
  for (let w = 0; w < x.words; w++) acc ^= x.bits[ox + w] & a.bits[oa + w];
  return popcount32(acc) & 1;
}

/** Set qubits of each row, as CSR (offsets [rows + 1], qubits ascending). */
export function setQubits(r: BitRows): { offsets: Int32Array; qubits: Int32Array } {
  const offsets = new Int32Array(r.rows + 1), list: number[] = [];
  for (let row = 0; row < r.rows; row++) {
    for (let q = 0; q < r.nQubits; q++) if (getBit(r, row, q)) list.push(q);
    offsets[row + 1] = list.length;
  }
  return { offsets, qubits: Int32Array.from(list) };
}

/** Weighted rows: a sample set (weights 1) or an aggregated distribution. */
export interface WeightedRows {
  rows: BitRows;
  /** [rows], ≥ 0, normalised to sum 1. */
  weights: Float64Array;
}

/** Normalises non-negative weights (default: equal). */
export function weighted(rows: BitRows, weights?: ArrayLike<number>): WeightedRows {
  const w = weights ? Float64Array.from(weights) : new Float64Array(rows.rows).fill(1);
  if (w.length !== rows.rows) throw new ShapeError(`weighted rows: ${rows.rows} rows but ${w.length} weights`);
  const s = w.reduce((a, b) => a + b, 0);
  if (!(s > 0) || w.some((v) => !(v >= 0))) throw new ConfigError('weighted rows: weights must be ≥ 0 and not all zero');
  for (let i = 0; i < w.length; i++) w[i] /= s;
  return { rows, weights: w };
}

/** ⟨Z_a⟩_p = Σ_x p(x)(−1)^{x·a} for every row a of `a`: [a.rows], Float64, exact for the weighted rows. */
export function zCorrelators(data: WeightedRows, a: BitRows): Float64Array {
  const x = data.rows;
  if (x.nQubits !== a.nQubits) throw new ShapeError(`zCorrelators: data have ${x.nQubits} qubits, masks ${a.nQubits}`);
  const out = new Float64Array(a.rows);
  for (let j = 0; j < a.rows; j++) {
    let s = 0;
    for (let i = 0; i < x.rows; i++) s += overlapParity(x, i, a, j) ? -data.weights[i] : data.weights[i];
    out[j] = s;
  }
  return out;
}

/** Distinct rows with summed weights (first-appearance order): fewer rows for every later correlator pass. */
export function dedupe(data: WeightedRows): WeightedRows {
  const seen = new Map<string, number>(), keep: number[] = [], w: number[] = [];
  const r = data.rows;
  for (let i = 0; i < r.rows; i++) {
    const key = Array.from(r.bits.subarray(i * r.words, (i + 1) * r.words)).join(',');
    const k = seen.get(key);
    if (k === undefined) {
      seen.set(key, keep.length);
      keep.push(i);
      w.push(data.weights[i]);
    } else w[k] += data.weights[i];
  }
  const out = emptyRows(r.nQubits, keep.length);
  keep.forEach((i, k) => out.bits.set(r.bits.subarray(i * r.words, (i + 1) * r.words), k * r.words));
  return { rows: out, weights: Float64Array.from(w) };
}
