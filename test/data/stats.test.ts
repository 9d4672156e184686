/** Correlators, correlator power, mutual information and the Chow–Liu tree against brute force. */
import { allCorrelators, chowLiuTree, correlatorPower, correlatorPowerByOrder, correlators, correlatorsUpTo, entropy, mutualInformation, supportSize } from '../../src/data/stats';
import { createRng } from '../../src/rng';
import { liuWangAnsatz } from '../../src/circuit/ansatz/liuWang';
import { validateCircuit } from '../../src/circuit/circuit';

const bit = (x: number, q: number, n: number) => (x >> (n - 1 - q)) & 1;
function randomP(n: number, seed: string): Float64Array {
  const rng = createRng(seed), p = Float64Array.from({ length: 2 ** n }, () => rng.uniform() ** 4);
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / s);
}

test('⟨Z_A⟩ equals Σ_x p(x)(−1)^{Σ_{i∈A} x_i} computed directly', () => {
  const n = 5, p = randomP(n, 'z');
  const subsets = [[0], [4], [1, 3], [0, 2, 4], [0, 1, 2, 3, 4]];
  const z = correlators(p, subsets);
  subsets.forEach((A, k) => {
    let ref = 0;
    for (let x = 0; x < 32; x++) ref += p[x] * (A.reduce((s, q) => s + bit(x, q, n), 0) % 2 ? -1 : 1);
    expect(z[k]).toBeCloseTo(ref, 12);
  });
  expect(correlatorsUpTo(p, 2).length).toBe(5 + 10);
});

test('correlator power per order sums to 2^n Σ p² (Parseval) and the cumulative sum excludes the empty set', () => {
  const n = 6, p = randomP(n, 'parseval'), s = correlatorPowerByOrder(p);
  expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(2 ** n * p.reduce((a, v) => a + v * v, 0), 10);
  expect(s[0]).toBeCloseTo(1, 12);
  const z = allCorrelators(p);
  let ref = 0;
  for (let a = 1; a < 64; a++) if (a.toString(2).split('1').length - 1 <= 2) ref += z[a] ** 2;
  expect(correlatorPower(p, 2)).toBeCloseTo(ref, 12);
});

test('mutual information: ln 2 for a perfectly correlated pair, 0 for independent bits', () => {
  const ghz = new Float64Array(8);
  ghz[0] = ghz[7] = 0.5;
  expect(mutualInformation(ghz)[0][2]).toBeCloseTo(Math.log(2), 12);
  const ind = new Float64Array(16).fill(1 / 16);
  expect(Math.max(...mutualInformation(ind).flat())).toBeLessThan(1e-12);
});

test('Chow–Liu tree recovers a hidden chain and maximises total MI over all spanning trees', () => {
  // A Markov chain over the qubits in the order 2 → 0 → 3 → 1 with flip probabilities 0.05, 0.2, 0.1.
  const n = 4, p = new Float64Array(16), order = [2, 0, 3, 1], flip = [0.05, 0.2, 0.1];
  for (let x = 0; x < 16; x++) {
    let w = 0.5;
    for (let k = 1; k < 4; k++) w *= bit(x, order[k], n) === bit(x, order[k - 1], n) ? 1 - flip[k - 1] : flip[k - 1];
    p[x] = w;
  }
  const tree = chowLiuTree(p), key = (e: number[]) => [...e].sort().join('-');
  expect(new Set(tree.map(key))).toEqual(new Set([[2, 0], [0, 3], [3, 1]].map(key)));
  // Brute force over all 3-edge subsets of K4 that connect the four qubits.
  const mi = mutualInformation(randomP(4, 'cl')), edges: [number, number][] = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]];
  let best = -1;
  for (let m = 0; m < 64; m++) {
    const es = edges.filter((_, i) => (m >> i) & 1);
    if (es.length !== 3) continue;
    const seen = new Set([0]);
    for (let it = 0; it < 3; it++) for (const [a, b] of es) if (seen.has(a) || seen.has(b)) { seen.add(a); seen.add(b); }
    if (seen.size === 4) best = Math.max(best, es.reduce((s, [a, b]) => s + mi[a][b], 0));
  }
  const got = chowLiuTree(randomP(4, 'cl'));
  expect(got.reduce((s, [a, b]) => s + mi[a][b], 0)).toBeCloseTo(best, 12);
  expect(got.length).toBe(3);
  // The edges drive the Liu–Wang ansatz directly.
  expect(() => validateCircuit(liuWangAnsatz(4, 2, got))).not.toThrow();
});

test('support size and entropy', () => {
  const p = Float64Array.of(0.5, 0, 0.25, 0.25);
  expect(supportSize(p)).toBe(3);
  expect(entropy(p)).toBeCloseTo(1.5 * Math.log(2), 12);
});
