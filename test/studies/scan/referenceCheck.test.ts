/**
 * The reference check: the exact Haar KL variance for n² strings, ∝ n^{−2} at large n, reads "exponential" over
 * n = 4…12 at 3 % per point, so data that read "exponential" there get a caveat and "inconclusive"; over a range where
 * the reference reads its own law, or for a reference whose law the data's reading matches, nothing changes.
 */
import { createRng } from '../../../src/rng';
import { decayVerdict } from '../../../src/studies/fits';
import { klVarianceHaar } from '../../../src/studies/scan/haarKl';
import { Reference } from '../../../src/studies/scan/reference';
import { referenceCaveats } from '../../../src/studies/scan/referenceCheck';
import { SeriesFit } from '../../../src/studies/scan/series';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const nSquared = (n: number) =>
  klVarianceHaar(
    Float64Array.from({ length: 2 ** n }, (_, x) => (x < n * n ? 1 / (n * n) : 0)),
    n,
  );

function fitOf(ns: number[], law: (n: number) => number, seed: string): SeriesFit {
  const rng = createRng(seed),
    sig = ns.map(() => 0.03);
  const v = decayVerdict(
    ns,
    ns.map((n) => law(n) * Math.exp(0.03 * rng.normal())),
    0.95,
    'Var',
    sig,
  );
  return { series: 's', label: 'KL, random:n^2', quantity: 'lossVar', points: ns.length, ns, verdict: v };
}
const refOf = (ns: number[], law: (n: number) => number, kind: Reference['law']): Reference => ({
  chart: 'loss',
  name: 'random:n^2: (π²/6)Σp² − ψ₁(2^n) — unclipped KL, Haar states, exact',
  points: ns.map((n) => ({ x: n, y: law(n) })),
  compares: { series: 's', quantity: 'lossVar' },
  law: kind,
});

test('n² strings over n = 4…12: data and exact reference both read "exponential": a caveat, and the verdict is no longer decided', () => {
  const ns = range(4, 12),
    fit = fitOf(ns, nSquared, 'n2');
  expect(fit.verdict!.kind).toBe('barren plateau');
  const c = referenceCaveats([refOf(ns, nSquared, 'power law')], [fit], 0.95);
  expect(c).toHaveLength(1);
  expect(c[0].inconclusive).toBe(true);
  expect(c[0].text).toBe(
    'the reference (π²/6)Σp² − ψ₁(2^n), a power law at large n, reads "exponential" too over n = 4…12 at the data\'s σ: this range is pre-asymptotic and cannot show the large-n law',
  );
});

test('no caveat where the reference reads its own law, or without a law', () => {
  const pure = (n: number) => Math.PI ** 2 / 6 / (n * n),
    ns = range(2, 16);
  expect(referenceCaveats([refOf(ns, pure, 'power law')], [fitOf(ns, pure, 'pure')], 0.95)).toEqual([]);
  const ns2 = range(4, 12);
  expect(
    referenceCaveats([{ ...refOf(ns2, nSquared, 'power law'), law: undefined }], [fitOf(ns2, nSquared, 'n2')], 0.95),
  ).toEqual([]);
  const mc = (n: number) => 1 / (2 ** n + 1);
  expect(referenceCaveats([refOf(range(2, 10), mc, 'exponential')], [fitOf(range(2, 10), mc, 'mc')], 0.95)).toEqual([]);
});
