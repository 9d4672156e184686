/**
 * The scan's references against brute force: the exact Haar KL variance, unclipped (closed form) and clipped
 * (quadrature), against an independent Monte Carlo over Haar states; LQF/QF on Haar product states and the collision
 * probabilities against the scan itself (computePoint); [O]'s bound against the Haar value it bounds.
 */
import { initBackend } from '../../../src/backend/backend';
import { createRng, Rng } from '../../../src/rng';
import { computePoint } from '../../../src/studies/scan/compute';
import { scanDistribution } from '../../../src/studies/scan/datasets';
import { clippedKlMoments, klVarianceHaar, klVarianceHaarClipped, trigammaInt } from '../../../src/studies/scan/haarKl';
import { scanPoints } from '../../../src/studies/scan/points';
import { resolveScanSpec } from '../../../src/studies/scan/spec';
import {
  collisionProbability,
  ortizVarianceBound,
  productHaarLqfVariance,
  productHaarQfVariance,
} from '../../../src/studies/scan/theory';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Gamma(k, 1) for k ≥ 1 (Marsaglia & Tsang 2000). */
function gamma(k: number, rng: Rng): number {
  const d = k - 1 / 3,
    c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Var[Σ_x p ln max(q_x, ε)] over Haar states by Monte Carlo, sampling only the support: q_x = E_x/S with E_x iid Exp(1)
 * on the m support strings and S = ΣE_supp + G, G ~ Gamma(d − m) the rest of the sum (exact in distribution).
 */
function monteCarloKlVariance(m: number, n: number, eps: number, draws: number, seed: string): number {
  const rng = createRng(seed),
    d = 2 ** n,
    e = new Float64Array(m);
  let s1 = 0,
    s2 = 0;
  for (let b = 0; b < draws; b++) {
    let S = gamma(d - m, rng);
    for (let i = 0; i < m; i++) S += e[i] = -Math.log(1 - rng.uniform());
    let f = 0;
    for (let i = 0; i < m; i++) f += Math.log(Math.max(e[i] / S, eps)) / m;
    s1 += f;
    s2 += f * f;
  }
  return (s2 - (s1 * s1) / draws) / (draws - 1);
}

const uniformOn = (m: number, n: number) => Float64Array.from({ length: 2 ** n }, (_, x) => (x < m ? 1 / m : 0));

test("clipped-KL quadrature: ε → 0 gives V₁ = π²/6 − ψ₁(d), C₁₂ = −ψ₁(d) to 1e-12; the issue's 3 / 9 / 25 % at n = 12 / 14 / 16", () => {
  for (const n of [3, 8, 16]) {
    const { v1, c12 } = clippedKlMoments(n, 1e-300);
    expect(Math.abs(v1 - (Math.PI ** 2 / 6 - trigammaInt(2 ** n)))).toBeLessThan(1e-12);
    expect(Math.abs(c12 + trigammaInt(2 ** n))).toBeLessThan(1e-12);
  }
  const ghz = (n: number) => Float64Array.from({ length: 2 ** n }, (_, x) => (x === 0 || x === 2 ** n - 1 ? 0.5 : 0));
  const drop = (n: number) => 1 - klVarianceHaarClipped(ghz(n), n, 1e-6) / klVarianceHaar(ghz(n), n);
  expect(drop(12)).toBeCloseTo(0.029, 3);
  expect(drop(14)).toBeCloseTo(0.09, 3);
  expect(drop(16)).toBeCloseTo(0.25, 3);
});

test.each([[1], [8], [64]])(
  'clipped-KL quadrature vs Monte Carlo over Haar states: n = 8, ε = 2e-3 (εd = 0.51), %i data strings',
  (m) => {
    const n = 8,
      eps = 2e-3,
      p = uniformOn(m, n);
    const mc = monteCarloKlVariance(m, n, eps, 40000, `kl-mc-${m}`);
    const exact = klVarianceHaarClipped(p, n, eps);
    expect(Math.abs(mc / exact - 1)).toBeLessThan(0.03); // MC error ≈ 1 %
    expect(Math.abs(klVarianceHaar(p, n) / exact - 1)).toBeGreaterThan(0.2); // clipping matters here: the test can fail
  },
);

function scanVariances(ansatz: string, losses: string[], dataset: string, n: number, draws: number) {
  const spec = resolveScanSpec({
    ansatz,
    losses,
    datasets: [dataset],
    qubits: [n],
    draws,
    gradients: false,
    bootstrap: 0,
    seed: 3,
  });
  return computePoint(spec, scanPoints(spec)[0]);
}

test('LQF and QF on Haar product states (product-haar, 20000 draws, n = 3) against Σ|s_i|²/(12n²) and 3^{−n} − 4^{−n}', () => {
  const one = scanVariances('product-haar', ['lqf', 'qf'], 'random:1', 3, 20000);
  const at = (r: typeof one, loss: string) => r.entries.find((e) => e.loss === loss)!.lossVar.value;
  const p1 = uniformOn(1, 3);
  expect(Math.abs(at(one, 'lqf') / productHaarLqfVariance(p1, 3) - 1)).toBeLessThan(0.03);
  expect(Math.abs(at(one, 'qf') / productHaarQfVariance(p1, 3)! - 1)).toBeLessThan(0.05);
  // n strings: Bloch vectors of a spread state, not unit
  const spread = scanVariances('product-haar', ['lqf'], 'random:3', 3, 20000);
  const p3 = scanDistribution('random:3', 3, 3);
  expect(Math.abs(at(spread, 'lqf') / productHaarLqfVariance(p3, 3) - 1)).toBeLessThan(0.03);
  // GHZ: every qubit's marginal is maximally mixed, so LQF is constant under product unitaries
  expect(at(scanVariances('product-haar', ['lqf'], 'ghz', 3, 200), 'lqf')).toBeLessThan(1e-10);
});

test("collision probability E Σq²: the scan's measurement against 2/(2^n+1), (2/3)^n and (3/4)^n (n = 5)", () => {
  for (const [ansatz, tol] of [
    ['haar', 0.02],
    ['product-haar', 0.03],
    ['product', 0.03],
  ] as const) {
    const r = scanVariances(ansatz, ['kl'], 'ghz', 5, 8000);
    expect(Math.abs(r.collision!.value / collisionProbability(ansatz, 5, ansatz === 'haar')! - 1)).toBeLessThan(tol);
  }
  expect(collisionProbability('hea-line', 5, false)).toBeNull();
});

test("[O]'s bound on Var[⟨Z₀Z₁⟩] of Haar states lies above the Haar value 1/(2^n+1) and approaches (D_v² − 1)/(D_v·D_h) = 15·2^{−n}", () => {
  // ln D_v − S_Page ≈ (D_v² − 1)/(2 D_v D_h) for D_h ≫ D_v, so the bound is ≈ 15× the Haar value 1/(2^n + 1)
  for (let n = 2; n <= 12; n++) expect(ortizVarianceBound(1, 4, 2 ** (n - 2))).toBeGreaterThan(1 / (2 ** n + 1));
  expect(ortizVarianceBound(1, 4, 2 ** 10) / (15 * 2 ** -12)).toBeCloseTo(1, 3);
});
