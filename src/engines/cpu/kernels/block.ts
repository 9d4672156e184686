/**
 * Dense blocks: a 2^k × 2^k complex matrix U (k ≤ 3; row-major, interleaved re/im) on k qubits of one state vector,
 * in place. The qubits are given by their index masks m_0 > m_1 > … (bits.ts order: the block's qubits sorted by
 * number), and the block's local index j = Σ_t bit_{k−1−t}(j)·m_t, so local bit order follows index bit order.
 * The adjoint step uncomputes ψ and λ with U† and accumulates the block's gradient environment
 * M_ab = Σ_groups conj(λ_a)·ψ_b (λ after the block, ψ before it), from which Re⟨λ|∂U|ψ⟩ = Re Σ_ab ∂U_ab·M_ab.
 */
import type { Real } from './real';

/** Index offsets of the 2^k members of a group from its base (the member with all block bits 0). */
export function groupOffsets(masks: readonly number[]): Int32Array {
  const k = masks.length,
    off = new Int32Array(1 << k);
  for (let j = 0; j < off.length; j++) for (let t = 0; t < k; t++) if ((j >> (k - 1 - t)) & 1) off[j] |= masks[t];
  return off;
}

/** The base index of group g: g with a zero bit inserted at every block mask (ascending). */
export function groupBase(g: number, ascending: readonly number[]): number {
  for (const m of ascending) g = ((g & ~(m - 1)) << 1) | (g & (m - 1));
  return g;
}

/** ψ ← Uψ on the block's qubits. */
export function applyBlockInPlace(masks: readonly number[], u: Float64Array, re: Real, im: Real): void {
  const off = groupOffsets(masks),
    d = off.length,
    asc = [...masks].reverse();
  const xr = new Float64Array(d),
    xi = new Float64Array(d);
  const groups = re.length / d;
  for (let g = 0; g < groups; g++) {
    const base = groupBase(g, asc);
    for (let c = 0; c < d; c++) {
      xr[c] = re[base + off[c]];
      xi[c] = im[base + off[c]];
    }
    for (let r = 0; r < d; r++) {
      let sr = 0,
        si = 0;
      for (let c = 0; c < d; c++) {
        const ur = u[2 * (r * d + c)],
          ui = u[2 * (r * d + c) + 1];
        sr += ur * xr[c] - ui * xi[c];
        si += ur * xi[c] + ui * xr[c];
      }
      re[base + off[r]] = sr;
      im[base + off[r]] = si;
    }
  }
}

/**
 * One backward step through the block: ψ ← U†ψ, λ ← U†λ, and env += M (2^k × 2^k, interleaved), with
 * M_ab = Σ conj(λ_a)·ψ_b over groups, λ after the block and ψ before it.
 */
export function blockAdjointStep(
  masks: readonly number[],
  u: Float64Array,
  re: Real,
  im: Real,
  lre: Real,
  lim: Real,
  env: Float64Array,
): void {
  const off = groupOffsets(masks),
    d = off.length,
    asc = [...masks].reverse();
  const xr = new Float64Array(d),
    xi = new Float64Array(d),
    pr = new Float64Array(d),
    pi = new Float64Array(d);
  const groups = re.length / d;
  // (U†)_rc = conj(U_cr)
  const back = (ar: Real, ai: Real, base: number, or: Float64Array, oi: Float64Array) => {
    for (let c = 0; c < d; c++) {
      xr[c] = ar[base + off[c]];
      xi[c] = ai[base + off[c]];
    }
    for (let r = 0; r < d; r++) {
      let sr = 0,
        si = 0;
      for (let c = 0; c < d; c++) {
        const ur = u[2 * (c * d + r)],
          ui = -u[2 * (c * d + r) + 1];
        sr += ur * xr[c] - ui * xi[c];
        si += ur * xi[c] + ui * xr[c];
      }
      or[r] = sr;
      oi[r] = si;
      ar[base + off[r]] = sr;
      ai[base + off[r]] = si;
    }
  };
  const lr = new Float64Array(d),
    li = new Float64Array(d);
  for (let g = 0; g < groups; g++) {
    const base = groupBase(g, asc);
    back(re, im, base, pr, pi);
    for (let a = 0; a < d; a++) {
      lr[a] = lre[base + off[a]];
      li[a] = lim[base + off[a]];
    }
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) {
        env[2 * (a * d + b)] += lr[a] * pr[b] + li[a] * pi[b];
        env[2 * (a * d + b) + 1] += lr[a] * pi[b] - li[a] * pr[b];
      }
    back(lre, lim, base, lr, li);
  }
}
