/**
 * All-Pauli ansatz (term census, seeded order, dense reference), identity blocks (U = I at mirrored parameters) and
 * hidden-unit models (visible marginal vs brute force, ρ_v consistent with it, decoupled hidden units leave ρ_v pure).
 */
import * as tf from '@tensorflow/tfjs';
import { allPauliAnsatz } from '../../src/circuit/ansatz/allPauli';
import { identityBlocks, mirrorBlockParams } from '../../src/circuit/ansatz/identityBlock';
import { hiddenUnitModel, initialParams, limitedPairs, visibleProbs, visibleState } from '../../src/models/hiddenUnit';
import { probs } from '../../src/engines/engine';
import { purity } from '../../src/state/entanglement';
import { createRng } from '../../src/rng';
import { scoped } from '../../src/tfutil';
import { denseProbs } from '../reference/dense';
import { describeEachBackend, maxAbsDiff } from '../helpers/backends';

test('all-Pauli: 3n + 9·C(n,2) gates per layer, every term once, order set by the seed', () => {
  const n = 4, c = allPauliAnsatz({ nQubits: n, layers: 2 }, createRng(1));
  expect(c.nParams).toBe(2 * (3 * n + 9 * 6));
  const layer = c.gates.slice(0, c.nParams / 2).map((g) => `${g.pauli}@${g.qubits.join(',')}`);
  expect(new Set(layer).size).toBe(layer.length);
  expect(layer.filter((t) => t.length === 3 || t.startsWith('X@') || t.startsWith('Y@') || t.startsWith('Z@')).length).toBe(3 * n);
  const again = allPauliAnsatz({ nQubits: n, layers: 2 }, createRng(1)), other = allPauliAnsatz({ nQubits: n, layers: 2 }, createRng(2));
  expect(again.gates).toEqual(c.gates);
  expect(other.gates).not.toEqual(c.gates);
  expect(c.gates.slice(c.nParams / 2).map((g) => g.pauli)).not.toEqual(c.gates.slice(0, c.nParams / 2).map((g) => g.pauli)); // each layer reshuffled
  expect(limitedPairs(2, 2, 1)).toEqual([[0, 1], [2, 3], [1, 2]]);
  expect(allPauliAnsatz({ nQubits: 4, pairs: limitedPairs(2, 2, 0) }, createRng(1)).nParams).toBe(12 + 18);
});

describeEachBackend('hidden-unit models', () => {
  test('all-Pauli probabilities match the dense reference', () => {
    const c = allPauliAnsatz({ nQubits: 3 }, createRng(3)), rng = createRng('ap');
    const th = Array.from({ length: c.nParams }, () => 2 * Math.PI * rng.uniform());
    const p = tf.tidy(() => probs(c, tf.tensor2d([th])).dataSync());
    expect(maxAbsDiff(p, denseProbs(c, th))).toBeLessThan(1e-5);
  });

  test('identity blocks: U(θ) = I at mirrored parameters, not otherwise', () => {
    const rng = createRng(5), blocks = [allPauliAnsatz({ nQubits: 3 }, rng), allPauliAnsatz({ nQubits: 3 }, rng)];
    const c = identityBlocks(blocks);
    const th = Array.from({ length: c.nParams }, () => 2 * Math.PI * rng.uniform());
    const p0 = tf.tidy(() => probs(c, tf.tensor2d([th])).dataSync());
    expect(p0[0]).toBeLessThan(0.99);
    mirrorBlockParams(th, blocks.map((b) => b.nParams));
    const p1 = tf.tidy(() => probs(c, tf.tensor2d([th])).dataSync());
    expect(p1[0]).toBeCloseTo(1, 5);
  });

  test.each([['all-pauli'], ['hea'], ['hep']] as const)('%s: visible marginal = brute-force sum over hidden bits; diag ρ_v = it', (kind) => {
    const ansatz = kind === 'all-pauli' ? { kind, layers: 1 } : { kind, layers: 2 };
    const m = hiddenUnitModel({ nVisible: 2, nHidden: 2, ansatz, seed: 1 });
    expect(m.visibleQubits).toEqual([0, 1]);
    expect(m.hiddenQubits).toEqual([2, 3]);
    const th = Array.from(initialParams(m, createRng(4), 2));
    const P = m.circuit.nParams;
    const [pv, rhoRe] = scoped(() => {
      const t = tf.tensor2d(th, [2, P]);
      return [visibleProbs(m, t).arraySync(), visibleState(m, t).re.arraySync()] as [number[][], number[][][]];
    });
    for (let b = 0; b < 2; b++) {
      const full = denseProbs(m.circuit, th.slice(b * P, (b + 1) * P)), ref = [0, 0, 0, 0];
      full.forEach((v, x) => (ref[x >> 2] += v)); // visible = the two most significant bits
      expect(maxAbsDiff(pv[b], ref)).toBeLessThan(1e-5);
      expect(maxAbsDiff(rhoRe[b].map((row, i) => row[i]), ref)).toBeLessThan(1e-5);
    }
  });

  test('decoupled hidden units (couplings 0) leave ρ_v pure; coupled ones do not', () => {
    const rng = createRng(8);
    const pur = (couplings?: number) => {
      const m = hiddenUnitModel({ nVisible: 2, nHidden: 2, ansatz: { kind: 'all-pauli', couplings }, seed: 2 });
      return tf.tidy(() => purity(visibleState(m, tf.tensor2d(initialParams(m, rng, 4), [4, m.circuit.nParams]))).arraySync());
    };
    for (const p of pur(0)) expect(p).toBeCloseTo(1, 5);
    expect(Math.min(...pur())).toBeLessThan(0.95);
  });

  test('identity-block model starts in |0…0⟩', () => {
    const m = hiddenUnitModel({ nVisible: 1, nHidden: 2, ansatz: { kind: 'all-pauli', layers: 2, identityBlocks: true }, seed: 3 });
    const p = tf.tidy(() => visibleProbs(m, tf.tensor2d(initialParams(m, createRng(1), 3), [3, m.circuit.nParams])).arraySync());
    for (const row of p) expect(row[0]).toBeCloseTo(1, 5);
  });
});
