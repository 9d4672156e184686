/** ln Γ, the incomplete gamma pair P + Q = 1 and the incomplete beta against closed forms and brute-force integrals. */
import { gammaP, gammaQ, incompleteBeta, lnGamma } from '../../src/stats/special';

/** Composite Simpson's rule on [a, b] with n (even) panels. */
function simpson(f: (x: number) => number, a: number, b: number, n = 20000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

test('ln Γ at integers and halves: ln (k−1)!, ln √π, and the reflection below ½', () => {
  let f = 1;
  for (let k = 1; k <= 20; k++) {
    expect(lnGamma(k)).toBeCloseTo(Math.log(f), 10);
    f *= k;
  }
  expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  expect(lnGamma(0.25)).toBeCloseTo(Math.log(3.625609908221908), 13); // Γ(¼), A&S Table 6.1
});

test('P(a, x) + Q(a, x) = 1 on both sides of the series/continued-fraction switch; P(1, x) = 1 − e^{−x}', () => {
  for (const a of [0.5, 1, 2.5, 7, 30])
    for (const x of [0.01, 0.5, a, a + 0.99, a + 1.01, 3 * a + 5])
      expect(gammaP(a, x) + gammaQ(a, x)).toBeCloseTo(1, 13);
  for (const x of [0.1, 1, 4, 12]) {
    expect(gammaQ(1, x)).toBeCloseTo(Math.exp(-x), 14);
    expect(gammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 14);
  }
  expect([gammaP(2, 0), gammaQ(2, 0), gammaP(2, Infinity)]).toEqual([0, 1, 1]);
  expect(() => gammaQ(0, 1)).toThrow('gammaQ: need a > 0 and x ≥ 0, got a=0, x=1');
});

test('I_x(a, b) against the integral of the beta density, the arcsine law, and I_x(a, b) = 1 − I_{1−x}(b, a)', () => {
  for (const [a, b, x] of [
    [2, 3, 0.3],
    [1.5, 2, 0.2],
    [5, 1.5, 0.8],
    [10, 10, 0.45],
  ]) {
    const lnB = lnGamma(a) + lnGamma(b) - lnGamma(a + b);
    const integral = simpson(
      (t) => Math.exp((a - 1) * Math.log(t) + (b - 1) * Math.log(1 - t) - lnB),
      1e-12,
      x,
      200000,
    );
    expect(incompleteBeta(x, a, b)).toBeCloseTo(integral, 7);
    expect(incompleteBeta(x, a, b)).toBeCloseTo(1 - incompleteBeta(1 - x, b, a), 13);
  }
  for (const x of [0.01, 0.2, 0.5, 0.9])
    expect(incompleteBeta(x, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(x)), 12);
});
