/**
 * Precision and recall of a model's high-probability images against held-out data (host, pure). With q the model
 * distribution and p the held-out empirical distribution over 2^n bitstrings, let k' = min(k, |supp p|), T_q the k'
 * most probable bitstrings of q and T_p those of p (ties broken by the smaller basis index, zero-probability strings
 * never ranked). Then
 *   precision@k = |T_q ∩ supp p| / k'   — the share of the model's typical images that occur in the held-out data;
 *   recall@k    = |T_p ∩ T_q| / k'      — the share of the data's typical images that the model also ranks typical.
 * k' (not k) keeps both in [0, 1] and reachable when the data have fewer than k distinct images (showers at n = 4).
 */
import { topK } from '../../data/plots';

export interface HighProbabilityPR {
  precision: number;
  recall: number;
  /** k' = min(k, number of distinct held-out bitstrings). */
  k: number;
}

export function highProbabilityPR(q: ArrayLike<number>, p: ArrayLike<number>, k: number): HighProbabilityPR {
  if (q.length !== p.length) throw new Error(`highProbabilityPR: model has ${q.length} outcomes, data ${p.length}`);
  let support = 0;
  for (let x = 0; x < p.length; x++) if (p[x] > 0) support++;
  const kk = Math.min(k, support);
  if (kk === 0) return { precision: NaN, recall: NaN, k: 0 };
  const tq = topK(q, kk).map((e) => e.index),
    tp = topK(p, kk).map((e) => e.index);
  const inQ = new Set(tq);
  return {
    precision: tq.filter((x) => p[x] > 0).length / kk,
    recall: tp.filter((x) => inQ.has(x)).length / kk,
    k: kk,
  };
}
