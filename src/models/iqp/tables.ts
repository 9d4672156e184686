/**
 * The host-side tables of the IQP correlator estimator ⟨Z_a⟩_θ = E_z cos(Σ_j 2θ_j (−1)^{g_j·z} (g_j·a mod 2)):
 * uniform z samples, bitmasks a with independent Bernoulli(p_σ) bits (the MMD kernel's measure, SCIENCE.md §2), the
 * signs s_zj = (−1)^{g_j·z} (generator-major, [m × N_z], ±1 as Int8) and, per a, the generators with odd overlap
 * t_aj = g_j·a mod 2 = 1 (CSR). Costs O(N_z·Σ|g_j|) and O(N_a·|a|·degree): nothing here grows with 2^n.
 */
import { BitRows, emptyRows, setBit } from '../../data/bitRows';
import { ShapeError } from '../../errors';
import { Rng } from '../../rng';
import { Generators, incidence } from './generators';

/** N rows of n uniform bits. */
export function uniformRows(nQubits: number, count: number, rng: Rng): BitRows {
  const r = emptyRows(nQubits, count), tail = nQubits & 31;
  for (let row = 0; row < count; row++)
    for (let w = 0; w < r.words; w++) {
      let v = Math.floor(rng.uniform() * 4294967296) >>> 0;
      if (w === r.words - 1 && tail) v &= (1 << tail) - 1;
      r.bits[row * r.words + w] = v;
    }
  return r;
}

/**
 * N rows whose bits are independent Bernoulli(p): gaps between set bits are geometric, so the cost is O(N·(1 + n·p)),
 * not O(N·n), at the small p_σ of wide kernels.
 */
export function bernoulliRows(nQubits: number, count: number, p: number, rng: Rng): BitRows {
  if (!(p >= 0 && p <= 1)) throw new ShapeError(`bernoulliRows: p must be in [0, 1], got ${p}`);
  const r = emptyRows(nQubits, count);
  if (p === 0) return r;
  const logq = Math.log1p(-p);
  for (let row = 0; row < count; row++) {
    if (p >= 0.25) {
      for (let q = 0; q < nQubits; q++) if (rng.uniform() < p) setBit(r, row, q);
      continue;
    }
    for (let q = -1; ; ) {
      let u = rng.uniform();
      while (u === 0) u = rng.uniform();
      q += 1 + Math.floor(Math.log(u) / logq);
      if (q >= nQubits) break;
      setBit(r, row, q);
    }
  }
  return r;
}

/** p_σ = (1 − e^{−1/(2σ)})/2: the flip probability of the kernel K_σ = exp(−‖x − y‖²/(2σ)) read as a bit channel. */
export function kernelFlipProbability(sigma: number): number {
  if (!(Number.isFinite(sigma) && sigma > 0)) throw new ShapeError(`kernelFlipProbability: σ must be a finite number > 0, got ${sigma}`);
  return -Math.expm1(-1 / (2 * sigma)) / 2;
}

/** u_q(z) = (−1)^{z_q}, qubit-major [n × N] (row q contiguous over z). */
export function spinTable(z: BitRows): Int8Array {
  const N = z.rows, out = new Int8Array(z.nQubits * N).fill(1);
  for (let r = 0; r < N; r++)
    for (let w = 0; w < z.words; w++) {
      let word = z.bits[r * z.words + w];
      while (word) {
        const q = w * 32 + 31 - Math.clz32(word & -word);
        word &= word - 1;
        out[q * N + r] = -1;
      }
    }
  return out;
}

/** s_zj = (−1)^{g_j·z} = Π_{q∈g_j} u_q(z) for every generator j and z row, generator-major [m × N_z]. */
export function signTable(g: Generators, z: BitRows): Int8Array {
  if (z.nQubits !== g.nQubits) throw new ShapeError(`signTable: z has ${z.nQubits} qubits, generators ${g.nQubits}`);
  const N = z.rows, u = spinTable(z), out = new Int8Array(g.count * N);
  for (let j = 0; j < g.count; j++) {
    const a = g.offsets[j], b = g.offsets[j + 1], row = out.subarray(j * N, (j + 1) * N);
    row.set(u.subarray(g.qubits[a] * N, (g.qubits[a] + 1) * N));
    for (let t = a + 1; t < b; t++) {
      const base = g.qubits[t] * N;
      for (let r = 0; r < N; r++) row[r] *= u[base + r];
    }
  }
  return out;
}

/** Per mask a, the generators j with g_j·a odd (CSR over the rows of `a`; within a mask in no particular order). */
export interface OddOverlaps {
  offsets: Int32Array;
  gens: Int32Array;
}

export function oddOverlaps(g: Generators, a: BitRows): OddOverlaps {
  if (a.nQubits !== g.nQubits) throw new ShapeError(`oddOverlaps: masks have ${a.nQubits} qubits, generators ${g.nQubits}`);
  const inc = incidence(g), parity = new Uint8Array(g.count), stamp = new Int32Array(g.count).fill(-1), touched: number[] = [], offsets = new Int32Array(a.rows + 1), out: number[] = [];
  for (let r = 0; r < a.rows; r++) {
    for (let w = 0; w < a.words; w++) {
      let word = a.bits[r * a.words + w];
      while (word) {
        const bit = 31 - Math.clz32(word & -word), q = w * 32 + bit;
        word &= word - 1;
        for (let t = inc.offsets[q]; t < inc.offsets[q + 1]; t++) {
          const j = inc.gens[t];
          if (stamp[j] !== r) {
            stamp[j] = r;
            touched.push(j);
          }
          parity[j] ^= 1;
        }
      }
    }
    for (const j of touched) {
      if (parity[j]) out.push(j);
      parity[j] = 0;
    }
    touched.length = 0;
    offsets[r + 1] = out.length;
  }
  return { offsets, gens: Int32Array.from(out) };
}

/** The rows of `rows` listed in `keep`, as a new BitRows. */
export function selectRows(rows: BitRows, keep: ArrayLike<number>): BitRows {
  const out = emptyRows(rows.nQubits, keep.length);
  for (let k = 0; k < keep.length; k++) out.bits.set(rows.bits.subarray(keep[k] * rows.words, (keep[k] + 1) * rows.words), k * rows.words);
  return out;
}

/** Every bitstring of n ≤ 20 qubits, in basis order (qubit 0 = most significant bit): exact enumeration of z or a. */
export function allRows(nQubits: number): BitRows {
  if (nQubits > 20) throw new ShapeError(`allRows: 2^${nQubits} rows is too many to enumerate (max n = 20)`);
  const dim = 2 ** nQubits, r = emptyRows(nQubits, dim);
  for (let x = 0; x < dim; x++) for (let q = 0; q < nQubits; q++) if ((x >>> (nQubits - 1 - q)) & 1) setBit(r, x, q);
  return r;
}
