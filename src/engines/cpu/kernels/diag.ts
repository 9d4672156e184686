/**
 * Fused diagonal layers D = exp(−iφ(x)), φ(x) = Σ_k c_k·Z_{mask_k}(x), in one pass with no per-amplitude
 * transcendental: the index splits into high and low halves, x = (x_hi, x_lo), and
 *   e^{−iφ(x)} = E[x_hi] · G[σ(x_hi)][x_lo],
 * where E holds the terms inside the high half, G the low-half terms plus the "crossing" terms (masks in both halves)
 * for each sign pattern σ of their high parts. Up to MAX_CROSSING crossing terms share G; any further ones are
 * applied term by term. Tables cost O(2^{n/2}·2^c) per row instead of O(2^n) cos/sin.
 */
import type { Real } from './real';
import { popcount } from '../../../circuit/bits';

const MAX_CROSSING = 6;

const zs = (x: number, m: number): number => (popcount(x & m) & 1 ? -1 : 1);

export class DiagLayer {
  readonly loBits: number;
  private readonly hiOnly: number[] = [];
  private readonly loOnly: number[] = [];
  private readonly crossing: number[] = [];
  private readonly extra: number[] = [];
  /** σ(x_hi): bit j set when the high part of crossing term j has odd parity on x_hi. */
  private readonly sigma: Uint32Array;
  private readonly eRe: Float64Array;
  private readonly eIm: Float64Array;
  private readonly gRe: Float64Array;
  private readonly gIm: Float64Array;
  private readonly phiLo: Float64Array;
  private coef: Float64Array = new Float64Array(0);

  constructor(
    readonly masks: readonly number[],
    readonly nQubits: number,
  ) {
    this.loBits = nQubits - (nQubits >> 1);
    const lo = (1 << this.loBits) - 1;
    masks.forEach((m, k) => {
      if ((m & lo) === 0) this.hiOnly.push(k);
      else if ((m & ~lo) === 0) this.loOnly.push(k);
      else if (this.crossing.length < MAX_CROSSING) this.crossing.push(k);
      else this.extra.push(k);
    });
    const nHi = 1 << (nQubits - this.loBits),
      nLo = 1 << this.loBits,
      nSig = 1 << this.crossing.length;
    this.sigma = new Uint32Array(nHi);
    for (let h = 0; h < nHi; h++)
      this.crossing.forEach((k, j) => {
        if (zs(h, masks[k] >>> this.loBits) < 0) this.sigma[h] |= 1 << j;
      });
    this.eRe = new Float64Array(nHi);
    this.eIm = new Float64Array(nHi);
    this.gRe = new Float64Array(nSig * nLo);
    this.gIm = new Float64Array(nSig * nLo);
    this.phiLo = new Float64Array(nLo);
  }

  /** Sets the coefficients c_k (one row of the batch) and fills the tables. */
  setCoefficients(coef: Float64Array): void {
    this.coef = coef;
    const { masks, loBits } = this;
    const lo = (1 << loBits) - 1,
      nHi = this.eRe.length,
      nLo = this.phiLo.length;
    for (let h = 0; h < nHi; h++) {
      let phi = 0;
      for (const k of this.hiOnly) phi += coef[k] * zs(h, masks[k] >>> loBits);
      this.eRe[h] = Math.cos(phi);
      this.eIm[h] = -Math.sin(phi);
    }
    for (let l = 0; l < nLo; l++) {
      let phi = 0;
      for (const k of this.loOnly) phi += coef[k] * zs(l, masks[k] & lo);
      this.phiLo[l] = phi;
    }
    const nSig = this.gRe.length / nLo;
    for (let s = 0; s < nSig; s++)
      for (let l = 0; l < nLo; l++) {
        let phi = this.phiLo[l];
        this.crossing.forEach((k, j) => {
          phi += coef[k] * ((s >> j) & 1 ? -1 : 1) * zs(l, masks[k] & lo);
        });
        this.gRe[s * nLo + l] = Math.cos(phi);
        this.gIm[s * nLo + l] = -Math.sin(phi);
      }
  }

  /** ψ ← Dψ (or D†ψ when `dagger`). */
  apply(re: Real, im: Real, dagger = false): void {
    const nLo = this.phiLo.length,
      nHi = this.eRe.length,
      sg = dagger ? -1 : 1;
    for (let h = 0; h < nHi; h++) {
      const er = this.eRe[h],
        ei = sg * this.eIm[h];
      const row = this.sigma[h] * nLo,
        base = h * nLo;
      for (let l = 0; l < nLo; l++) {
        const gr = this.gRe[row + l],
          gi = sg * this.gIm[row + l];
        const fr = er * gr - ei * gi,
          fi = er * gi + ei * gr;
        const x = base + l,
          xr = re[x],
          xi = im[x];
        re[x] = fr * xr - fi * xi;
        im[x] = fr * xi + fi * xr;
      }
    }
    for (const k of this.extra) {
      const c = Math.cos(this.coef[k]),
        s = sg * Math.sin(this.coef[k]),
        m = this.masks[k];
      for (let x = 0; x < re.length; x++) {
        const si = -s * zs(x, m),
          xr = re[x],
          xi = im[x];
        re[x] = c * xr - si * xi;
        im[x] = c * xi + si * xr;
      }
    }
  }

  /**
   * Backward step: S_k = Σ_x Z_k(x)·Im(conj(λ(x))ψ(x)) = ∂L/∂c_k into `out` (λ, ψ after the layer; the product is
   * invariant under the layer's phases), then uncomputes ψ and λ with D†.
   */
  adjointStep(re: Real, im: Real, lre: Real, lim: Real, out: Float64Array): void {
    const { masks, loBits } = this;
    const lo = (1 << loBits) - 1,
      nLo = this.phiLo.length,
      nHi = this.eRe.length,
      nSig = this.gRe.length / nLo;
    const rowSum = new Float64Array(nHi),
      colSum = new Float64Array(nSig * nLo);
    const extraSum = new Float64Array(this.extra.length);
    for (let h = 0; h < nHi; h++) {
      const row = this.sigma[h] * nLo,
        base = h * nLo;
      let acc = 0;
      for (let l = 0; l < nLo; l++) {
        const x = base + l;
        const g = lre[x] * im[x] - lim[x] * re[x];
        acc += g;
        colSum[row + l] += g;
        for (let e = 0; e < this.extra.length; e++) extraSum[e] += zs(x, masks[this.extra[e]]) * g;
      }
      rowSum[h] = acc;
    }
    out.fill(0);
    for (const k of this.hiOnly) {
      let s = 0;
      for (let h = 0; h < nHi; h++) s += zs(h, masks[k] >>> loBits) * rowSum[h];
      out[k] = s;
    }
    for (const k of this.loOnly) {
      let s = 0;
      for (let sg = 0; sg < nSig; sg++) for (let l = 0; l < nLo; l++) s += zs(l, masks[k] & lo) * colSum[sg * nLo + l];
      out[k] = s;
    }
    this.crossing.forEach((k, j) => {
      let s = 0;
      for (let sg = 0; sg < nSig; sg++) {
        const sign = (sg >> j) & 1 ? -1 : 1;
        for (let l = 0; l < nLo; l++) s += sign * zs(l, masks[k] & lo) * colSum[sg * nLo + l];
      }
      out[k] = s;
    });
    this.extra.forEach((k, e) => (out[k] = extraSum[e]));
    this.apply(re, im, true);
    this.apply(lre, lim, true);
  }
}
