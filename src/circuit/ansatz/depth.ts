/**
 * Layer counts given as data, shared by training configs, scans and loss comparisons: an integer, or an expression in
 * the qubit count n — "n", "2n", "n/2", "log2n" (= ⌈log₂ n⌉, at least 1; [R]'s depth grid {1, log₂n, n} and Cerezo et
 * al.'s O(log n) regime). One definition, so "log2n" means the same depth everywhere.
 */
import { ConfigError } from '../../errors';

export const LAYER_SYNTAX = 'an integer ≥ 0, "n", "2n", "n/2" or "log2n"';

/** The number of layers an expression gives at n qubits; a one-line ConfigError naming `where` otherwise. */
export function resolveLayerCount(d: number | string, n: number, where = 'layers'): number {
  if (typeof d === 'number') {
    if (!(Number.isInteger(d) && d >= 0)) throw new ConfigError(`${where}: expected ${LAYER_SYNTAX}, got ${d}`);
    return d;
  }
  const s = d.replace(/\s+/g, '');
  if (/^\d+$/.test(s)) return Number(s);
  if (s === 'log2n' || s === 'log2(n)') return Math.max(1, Math.ceil(Math.log2(n)));
  const m = /^(\d*)\*?n(?:\/(\d+))?$/.exec(s);
  if (!m) throw new ConfigError(`${where}: expected ${LAYER_SYNTAX}, got "${d}"`);
  return Math.max(1, Math.round(((m[1] ? Number(m[1]) : 1) * n) / (m[2] ? Number(m[2]) : 1)));
}
