/** The data report: summariseDistribution against brute-force correlators, and [R]'s read-off values and table. */
import { summariseDistribution } from '../../src/data/stats';
import { referenceTable, rudolphCorrelatorPower, rudolphReference } from '../../src/data/showers/reference';
import { createRng } from '../../src/rng';

/** z_A = Σ_x p(x) (−1)^{Σ_{i∈A} x_i}, qubit 0 = most significant bit, by a plain double loop. */
function bruteCorrelatorPower(p: Float64Array, n: number, k: number): number {
  let total = 0;
  for (let mask = 1; mask < 2 ** n; mask++) {
    let order = 0;
    for (let i = 0; i < n; i++) if ((mask >> i) & 1) order++;
    if (order > k) continue;
    let z = 0;
    for (let x = 0; x < p.length; x++) {
      let parity = 0;
      for (let i = 0; i < n; i++) if ((mask >> i) & 1 && (x >> i) & 1) parity ^= 1;
      z += parity ? -p[x] : p[x];
    }
    total += z * z;
  }
  return total;
}

test('Σ_{1≤|A|≤k} z_A², entropy, support and the top bitstrings match brute force at n = 5', () => {
  const n = 5, rng = createRng('summary'), p = new Float64Array(2 ** n);
  for (let x = 0; x < p.length; x++) p[x] = x % 7 === 3 ? 0 : rng.uniform() ** 3;
  const s0 = p.reduce((a, b) => a + b, 0);
  for (let x = 0; x < p.length; x++) p[x] /= s0;
  const s = summariseDistribution(p, 4, 3);
  expect(s.correlatorPowerCumulative).toHaveLength(4);
  for (let k = 1; k <= 4; k++) expect(s.correlatorPowerCumulative[k - 1]).toBeCloseTo(bruteCorrelatorPower(p, n, k), 12);
  expect(s.entropy).toBeCloseTo(-Array.from(p).reduce((a, v) => a + (v > 0 ? v * Math.log(v) : 0), 0), 12);
  expect(s.support).toBe(Array.from(p).filter((v) => v > 0).length);
  const best = Array.from(p).map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v)[0];
  expect(s.top[0]).toEqual({ bitstring: best.i.toString(2).padStart(n, '0'), p: best.v });
  expect(s.top.map((t) => t.p)).toEqual([...s.top.map((t) => t.p)].sort((a, b) => b - a));
});

test('a point mass has Σ_{|A|≤k} z_A² = Σ_{l≤k} C(n, l), entropy 0 and one top image', () => {
  const p = new Float64Array(2 ** 6);
  p[0b101100] = 1;
  const s = summariseDistribution(p);
  expect(s.correlatorPowerCumulative).toEqual([6, 6 + 15, 6 + 15 + 20, 6 + 15 + 20 + 15]);
  expect(s).toMatchObject({ entropy: 0, support: 1, top: [{ bitstring: '101100', p: 1 }] });
});

test("[R]'s Fig. 11 values: read off at n = 10 and 19, log-linear between, none outside", () => {
  expect(rudolphCorrelatorPower(10, 1)).toEqual({ value: 9, how: 'read off' });
  expect(rudolphCorrelatorPower(19, 4)).toEqual({ value: 3300, how: 'read off' });
  expect(rudolphCorrelatorPower(16, 2)!.value).toBeCloseTo(45 * (150 / 45) ** (6 / 9), 10);
  expect(rudolphCorrelatorPower(16, 2)!.how).toBe('interpolated');
  expect(rudolphCorrelatorPower(9, 1)).toBeNull();
  expect(rudolphCorrelatorPower(12, 5)).toBeNull();
  expect(rudolphReference(16).top).toEqual([0.18, 0.18]);
  expect(rudolphReference(12).top).toEqual([null, null]);
});

test('the table puts plateau next to [R] and says how each [R] value was obtained', () => {
  const p = new Float64Array(2 ** 10);
  p[0b0001111000] = 0.75;
  p[0b0011111000] = 0.25;
  const lines = referenceTable(summariseDistribution(p), 10).join('\n');
  expect(lines).toMatch(/read off Fig\. 11 \/ Fig\. 10b, approximate/);
  expect(lines).toMatch(/Σ z_A², 1 ≤ \|A\| ≤ 1 +\d+\.\d+ +9\.00 \(Fig\. 11\)/);
  expect(lines).toMatch(/Σ z_A², 1 ≤ \|A\| ≤ 4 +\d+ +280 \(Fig\. 11\)/);
  expect(lines).toMatch(/#1 0001111000 +0\.7500 +—/);
  expect(lines).toMatch(/entropy \(nats\) +0\.562/);
});
