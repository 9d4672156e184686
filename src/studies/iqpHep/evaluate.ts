/**
 * Every model of one grid judged on the held-out events, all with the same seeded masks (a paired comparison):
 *  - MMD²_σ = E_{a~P_σ}(⟨Z_a⟩_p − ⟨Z_a⟩_q)² (SCIENCE.md §2) between the distribution p the showers come from and the
 *    model, estimated without bias from N held-out events: p̃_a = ⟨Z_a⟩ of the held-out events has E p̃_a² = p_a² +
 *    (1 − p_a²)/N, so (p̃_a − q_a)² − (1 − p̃_a²)/(N − 1) is unbiased for (p_a − q_a)² (the U-statistic MMD; it can
 *    dip below 0). The mean over N_a masks drawn per σ (zero masks count, at 0) with its standard error sd/√N_a. The
 *    subtracted finite-sample term is reported too: it is what the plain square (the trainer's metric) adds;
 *  - the l-body correlator errors Σ_{|A|=l}(⟨Z_A⟩_q − ⟨Z_A⟩_p)², l = 1, 2, over every subset (train/iqpMetrics.ts
 *    orderMasks: a scaled sample of 50 000 only past that many), unbiased the same way;
 *  - where q [2^n] exists (n ≤ 20): the exact TVD Σ_x |p(x) − q(x)| ([R]'s convention, no ½);
 *  - where the model can be sampled: its top images among `samples` draws, and precision/recall@k of those against
 *    the held-out top images (compare/precision.ts's definitions, on bitstrings).
 */
import { dedupe, indexOf, weighted, WeightedRows, zCorrelators } from '../../data/bitRows';
import { summariseRows } from '../../data/rowStats';
import { ConfigError } from '../../errors';
import { resolveBandwidth } from '../../losses/bandwidth';
import { bernoulliRows, kernelFlipProbability } from '../../models/iqp/tables';
import { createRng } from '../../rng';
import { orderMasks } from '../../train/iqpMetrics';
import { Candidate } from './candidates';

export interface Estimate {
  value: number;
  /** Standard error over masks (0 where every subset was summed). */
  se: number;
}

export interface ModelResult {
  id: string;
  label: string;
  nParams: number | null;
  method: string;
  /** Keyed by σ as written in the spec ("σ=n/4"). */
  mmd: Record<string, Estimate>;
  /** [l − 1], l = 1, 2. */
  corr: Estimate[];
  /** Per σ, this model's MMD² minus the reference model's over the same masks (paired), or null for the reference. */
  minusReference: Record<string, Estimate> | null;
  tvd: number | null;
  /** The model's most probable images among its samples, or null (with `noSamples`). */
  top: { bitstring: string; p: number }[] | null;
  precision: number | null;
  recall: number | null;
  noSamples?: string;
  seconds: number;
}

export interface GridEvaluation {
  grid: string;
  nQubits: number;
  events: { train: number; test: number };
  sigmas: {
    key: string;
    sigma: number;
    flipProbability: number;
    masks: number;
    meanWeight: number;
    finiteSample: number;
  }[];
  /** The finite-sample terms subtracted from the l-body errors, [l − 1]. */
  corrFiniteSample: number[];
  /** The held-out data's most probable images. */
  dataTop: { bitstring: string; p: number }[];
  /** k' = min(topK, distinct held-out images). */
  k: number;
  /** The model the paired differences are taken against (the IQP model), if present. */
  reference: string | null;
  models: ModelResult[];
}

export interface EvalOptions {
  sigmas: (number | string)[];
  masks: number;
  samples: number;
  topK: number;
  seed: number;
  /** Candidate id of the paired differences. @default 'iqp' */
  reference?: string;
}

function meanSe(e: Float64Array): Estimate {
  const N = e.length,
    mean = e.reduce((a, b) => a + b, 0) / N;
  const v = e.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, N - 1);
  return { value: mean, se: Math.sqrt(v / N) };
}

export function evaluateGrid(
  grid: string,
  test: WeightedRows,
  events: { train: number; test: number },
  candidates: Candidate[],
  o: EvalOptions,
): GridEvaluation {
  const n = test.rows.nQubits,
    held = dedupe(test),
    seed = `iqp-hep/${o.seed}/${grid}`,
    N = events.test;
  if (!(Number.isInteger(N) && N >= 2))
    throw new ConfigError(`${grid}: ${N} held-out events; the unbiased comparison needs at least 2`);
  // (1 − p̃_a²)/(N − 1) per mask: subtracted from every model's squared error (the same for all: rankings are unchanged)
  const finite = (p: Float64Array) => Float64Array.from(p, (v) => (1 - v * v) / (N - 1));
  const unbiased = (e: Float64Array, c: Float64Array) => e.map((v, a) => v - c[a]);
  const sigmaDraws = o.sigmas.map((b, i) => {
    const sigma = resolveBandwidth(b, n, `eval.sigmas.${i}`),
      pf = kernelFlipProbability(sigma);
    const masks = bernoulliRows(n, o.masks, pf, createRng(`${seed}/masks/${i}`));
    const p = zCorrelators(held, masks);
    return { key: `σ=${b}`, sigma, flipProbability: pf, masks, p, c: finite(p), meanWeight: n * pf };
  });
  const orders = [1, 2]
    .filter((l) => l <= n)
    .map((l) => {
      const { masks, scale } = orderMasks(n, l, `${seed}/order/${l}`);
      const p = zCorrelators(held, masks);
      return { masks, scale, p, c: finite(p) };
    });
  const pTest = n <= 20 ? denseOf(held) : null;
  const dataTop = summariseRows(held, 0, o.topK).top,
    k = Math.min(o.topK, held.rows.rows);
  const perMask = new Map<string, Float64Array[]>(); // candidate → per σ, the per-mask estimates (for paired differences)
  const models = candidates.map((c): ModelResult => {
    const t0 = performance.now(),
      rng = createRng(`${seed}/${c.id}/z`);
    const errors = sigmaDraws.map((s) => unbiased(c.squaredErrors(s.masks, s.p, rng), s.c));
    perMask.set(c.id, errors);
    const mmd = Object.fromEntries(sigmaDraws.map((s, i) => [s.key, meanSe(errors[i])]));
    const corr = orders.map((o2) => ({
      value: o2.scale * unbiased(c.squaredErrors(o2.masks, o2.p, rng), o2.c).reduce((a, b) => a + b, 0),
      se: 0,
    }));
    const tvd = pTest && c.distribution ? c.distribution.reduce((s, q, x) => s + Math.abs(q - pTest[x]), 0) : null;
    let top: ModelResult['top'] = null,
      precision: number | null = null,
      recall: number | null = null;
    if (c.sample) {
      const draws = weighted(c.sample(o.samples, createRng(`${seed}/${c.id}/samples`)));
      top = summariseRows(draws, 0, o.topK).top;
      const mine = top.slice(0, k).map((e) => e.bitstring),
        inHeld = new Set(summariseRows(held, 0, held.rows.rows).top.map((e) => e.bitstring));
      const heldTop = new Set(dataTop.slice(0, k).map((e) => e.bitstring));
      precision = mine.filter((b) => inHeld.has(b)).length / k;
      recall = mine.filter((b) => heldTop.has(b)).length / k;
    }
    return {
      id: c.id,
      label: c.label,
      nParams: c.nParams,
      method: c.method,
      mmd,
      corr,
      minusReference: null,
      tvd,
      top,
      precision,
      recall,
      ...(c.noSamples ? { noSamples: c.noSamples } : {}),
      seconds: (performance.now() - t0) / 1000,
    };
  });
  const refId = o.reference ?? 'iqp',
    ref = perMask.get(refId);
  if (ref)
    for (const m of models)
      if (m.id !== refId)
        m.minusReference = Object.fromEntries(
          sigmaDraws.map((s, i) => [s.key, meanSe(perMask.get(m.id)![i].map((v, a) => v - ref[i][a]))]),
        );
  return {
    grid,
    nQubits: n,
    events,
    dataTop,
    k,
    models,
    reference: ref ? refId : null,
    sigmas: sigmaDraws.map((s) => ({
      key: s.key,
      sigma: s.sigma,
      flipProbability: s.flipProbability,
      masks: s.masks.rows,
      meanWeight: s.meanWeight,
      finiteSample: s.c.reduce((a, b) => a + b, 0) / s.c.length,
    })),
    corrFiniteSample: orders.map((o2) => o2.scale * o2.c.reduce((a, b) => a + b, 0)),
  };
}

/** The empirical distribution [2^n] of weighted rows (n ≤ 20). */
function denseOf(d: WeightedRows): Float64Array {
  const p = new Float64Array(2 ** d.rows.nQubits);
  for (let r = 0; r < d.rows.rows; r++) p[indexOf(d.rows, r)] += d.weights[r];
  return p;
}
