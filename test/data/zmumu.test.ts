/** The Z→μμ toy against closed forms of its ingredients (Cauchy in s = m², truncated exponential). */
import { generateZmumu, PDG_Z_MASS_GEV as M, PDG_Z_WIDTH_GEV as G } from '../../src/data/zmumu';

test('unsmeared signal: the fraction with |m² − M²| < MΓ follows the truncated Cauchy law in s', () => {
  const N = 20000, { mass } = generateZmumu({ resolutionGeV: 0, backgroundFraction: 0 }, N, 5);
  const u = (m: number) => (m * m - M * M) / (M * G);
  // P(|u| < 1 | window) = (atan 1 − atan(−1)) / (atan u_hi − atan u_lo).
  const expected = (Math.PI / 2) / (Math.atan(u(120)) - Math.atan(u(60)));
  const got = mass.filter((m) => Math.abs(u(m)) < 1).length / N;
  expect(Math.abs(got - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / N));
  expect(Math.min(...mass)).toBeGreaterThanOrEqual(60);
  expect(Math.max(...mass)).toBeLessThanOrEqual(120);
});

test('background only: the mean of the truncated exponential', () => {
  const N = 20000, lam = 25, { mass, signal } = generateZmumu({ backgroundFraction: 1, backgroundSlopeGeV: lam }, N, 6);
  expect(signal.every((s) => s === 0)).toBe(true);
  // E[m] on [a, b] for density ∝ e^{−m/λ}: λ + (a e^{−a/λ} − b e^{−b/λ}) / (e^{−a/λ} − e^{−b/λ}).
  const a = 60, b = 120, ea = Math.exp(-a / lam), eb = Math.exp(-b / lam);
  const mean = lam + (a * ea - b * eb) / (ea - eb);
  const got = mass.reduce((s, m) => s + m, 0) / N, sd = Math.sqrt(mass.reduce((s, m) => s + (m - got) ** 2, 0) / (N - 1));
  expect(Math.abs(got - mean)).toBeLessThan((4 * sd) / Math.sqrt(N));
});

test('signal fraction, smearing, and seeding', () => {
  const N = 20000, r = generateZmumu({ backgroundFraction: 0.3, resolutionGeV: 2 }, N, 7);
  const fs = r.signal.reduce((s, v) => s + v, 0) / N;
  expect(Math.abs(fs - 0.7)).toBeLessThan(4 * Math.sqrt(0.21 / N));
  expect(Array.from(generateZmumu({}, 50, 1).mass)).toEqual(Array.from(generateZmumu({}, 50, 1).mass));
  expect(Array.from(generateZmumu({}, 50, 1).mass)).not.toEqual(Array.from(generateZmumu({}, 50, 2).mass));
  expect(() => generateZmumu({ window: [120, 60] }, 10, 1)).toThrow(/window must satisfy 0 ≤ lo < hi, got \[120, 60\]/);
});
