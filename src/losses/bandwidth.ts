/**
 * MMD bandwidths as data: a positive number (σ itself, not squared: K_σ = exp(−|x − y|²/(2σ))), or an expression in
 * the qubit count n: "n", "n/4", "0.25n", "0.25*n", "2n/3", or a numeric string "0.5". Resolved against n when the loss
 * is built. [R] used σ ∈ {0.01, 0.1, 0.25, 0.5, 1, 10}·n and {0.01, n/4, n}.
 */
import { ConfigError } from '../errors';

export type Bandwidth = number | string;

const NUM = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const EXPR = new RegExp(String.raw`^(?:(${NUM})\s*\*?\s*)?n\s*(?:/\s*(${NUM}))?$`);
const PLAIN = new RegExp(String.raw`^${NUM}$`);

/** σ = coef·n (perN) or σ = coef; null when the expression is malformed or not positive. */
export function parseBandwidth(b: Bandwidth): { coef: number; perN: boolean } | null {
  if (typeof b === 'number') return Number.isFinite(b) && b > 0 ? { coef: b, perN: false } : null;
  const s = b.trim();
  if (PLAIN.test(s)) {
    const v = Number(s);
    return v > 0 && Number.isFinite(v) ? { coef: v, perN: false } : null;
  }
  const m = EXPR.exec(s);
  if (!m) return null;
  const coef = (m[1] === undefined ? 1 : Number(m[1])) / (m[2] === undefined ? 1 : Number(m[2]));
  return coef > 0 && Number.isFinite(coef) ? { coef, perN: true } : null;
}

export const BANDWIDTH_SYNTAX = 'a positive number, or "n", "n/4", "0.25n", "0.25*n", "2n/3"';

/**
 * The bandwidth σ for n qubits; a malformed expression is a ConfigError naming `where`. So is a σ whose kernel is
 * exactly degenerate in float64, where every other σ beyond it is the same loss: below 1/(2·745) ≈ 6.7e-4,
 * e^{−1/(2σ)} underflows to 0 (the kernel is the identity), and above 2^52 ≈ 4.5e15 it rounds to 1 (the kernel is
 * constant, so the MMD is zero for every model).
 */
export function resolveBandwidth(b: Bandwidth, nQubits: number, where = 'bandwidth'): number {
  const p = parseBandwidth(b);
  if (!p) throw new ConfigError(`${where}: malformed bandwidth ${JSON.stringify(b)} (expected ${BANDWIDTH_SYNTAX})`);
  const sigma = p.perN ? p.coef * nQubits : p.coef,
    k = Math.exp(-1 / (2 * sigma));
  if (k === 0)
    throw new ConfigError(
      `${where}: σ = ${sigma} is below 6.7e-4, where the kernel e^{−d/(2σ)} is exactly the identity in float64 (every smaller σ is the same loss); use σ ≥ 6.7e-4`,
    );
  if (k === 1)
    throw new ConfigError(
      `${where}: σ = ${sigma} is above 4.5e15, where the kernel e^{−d/(2σ)} is exactly 1 in float64 and the MMD is zero for every model; use a smaller σ`,
    );
  return sigma;
}
