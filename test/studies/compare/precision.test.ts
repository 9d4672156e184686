/** Precision/recall of high-probability images, against sets worked out by hand. */
import { highProbabilityPR } from '../../../src/studies/compare/precision';

// n = 3. Held-out data on {1, 2, 3}; the model's mass in order 0 (0.4), 1 (0.3), 4 (0.2), 3 (0.1).
const p = [0, 0.5, 0.3, 0.2, 0, 0, 0, 0];
const q = [0.4, 0.3, 0, 0.1, 0.2, 0, 0, 0];

test('k = 2: T_q = {0, 1}, one of them in supp p; T_p = {1, 2}, one of them in T_q', () => {
  expect(highProbabilityPR(q, p, 2)).toEqual({ precision: 0.5, recall: 0.5, k: 2 });
});

test("k = 15 is cut to k' = |supp p| = 3: T_q = {0, 1, 4} → precision 1/3; T_p = {1, 2, 3} → recall 1/3", () => {
  const r = highProbabilityPR(q, p, 15);
  expect(r.k).toBe(3);
  expect(r.precision).toBeCloseTo(1 / 3, 12);
  expect(r.recall).toBeCloseTo(1 / 3, 12);
});

test('a perfect model scores 1 and 1; a model off the support scores 0 and 0', () => {
  expect(highProbabilityPR(p, p, 2)).toEqual({ precision: 1, recall: 1, k: 2 });
  expect(highProbabilityPR([0.5, 0, 0, 0, 0.5, 0, 0, 0], p, 3)).toEqual({ precision: 0, recall: 0, k: 3 });
});

test('precision and recall differ: T_q = {1, 3} both in supp p, but only 1 of T_p = {1, 2} in T_q', () => {
  expect(highProbabilityPR([0, 0.6, 0, 0.4, 0, 0, 0, 0], p, 2)).toEqual({ precision: 1, recall: 0.5, k: 2 });
});

test('ties in q rank by basis index; lengths must agree', () => {
  // uniform q: T_q = {0, 1} (smallest indices) → precision 1/2
  expect(highProbabilityPR(new Array(8).fill(1 / 8), p, 2).precision).toBe(0.5);
  expect(() => highProbabilityPR([1], p, 2)).toThrow(/outcomes/);
});
