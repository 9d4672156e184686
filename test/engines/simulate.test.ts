/**
 * Every engine on every backend (webgpu: the tensor engine) against the dense-matrix reference: every gate kind, random
 * circuits, per-row angles, initial states.
 */
import * as tf from '@tensorflow/tfjs';
import { Circuit, FIXED_1Q, FIXED_2Q, Gate, GateKind, PARAM_1Q, PARAM_2Q } from '../../src/circuit/circuit';
import { getEngine } from '../../src/engines/engine';
import { applyGate } from '../../src/engines/applyGate';
import { createRng } from '../../src/rng';
import { denseState, C } from '../reference/dense';
import { describeEach, maxAbsDiff } from '../helpers/backends';
import { randomCircuit, randomUnitary } from '../helpers/randomCircuit';

function refStates(c: Circuit, theta: number[][], init?: C[][]): { re: number[]; im: number[] } {
  const re: number[] = [],
    im: number[] = [];
  theta.forEach((row, b) => {
    for (const [r, i] of denseState(c, row, init?.[init.length === 1 ? 0 : b])) {
      re.push(r);
      im.push(i);
    }
  });
  return { re, im };
}

function randomTheta(seed: number, batch: number, nParams: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: batch }, () =>
    Array.from({ length: nParams }, () => 2 * Math.PI * (rng.uniform() - 0.5)),
  );
}

const KINDS_1Q: GateKind[] = [...FIXED_1Q, ...PARAM_1Q];
const KINDS_2Q: GateKind[] = [...FIXED_2Q, ...PARAM_2Q];
const N_ANGLES: Partial<Record<GateKind, number>> = { u3: 3, euler: 3 };

/** One gate (on every target placement) inside a 3-qubit register prepared in a random state. */
function singleGateCases(): { name: string; circuit: Circuit }[] {
  const rng = createRng('gates');
  const cases: { name: string; circuit: Circuit }[] = [];
  const prep: Gate[] = [0, 1, 2].map((q) => ({ kind: 'unitary', qubits: [q], matrix: randomUnitary(rng, 2) }));
  prep.push(
    { kind: 'unitary', qubits: [0, 2], matrix: randomUnitary(rng, 4) },
    { kind: 'unitary', qubits: [1, 2], matrix: randomUnitary(rng, 4) },
  );
  const withParams = (kind: GateKind): Gate['params'] | undefined => {
    const np = PARAM_1Q.includes(kind as never) || PARAM_2Q.includes(kind as never) ? (N_ANGLES[kind] ?? 1) : 0;
    return np ? Array.from({ length: np }, (_, k) => ({ p: k })) : undefined;
  };
  for (const kind of KINDS_1Q)
    for (const q of [0, 1, 2]) {
      cases.push({
        name: `${kind} q${q}`,
        circuit: { nQubits: 3, nParams: 3, gates: [...prep, { kind, qubits: [q], params: withParams(kind) }] },
      });
      cases.push({
        name: `${kind} q${q} ctl`,
        circuit: {
          nQubits: 3,
          nParams: 3,
          gates: [...prep, { kind, qubits: [q], controls: [(q + 1) % 3, (q + 2) % 3], params: withParams(kind) }],
        },
      });
    }
  for (const kind of KINDS_2Q)
    for (const qs of [
      [0, 1],
      [1, 0],
      [0, 2],
      [2, 1],
    ])
      cases.push({
        name: `${kind} ${qs}`,
        circuit: { nQubits: 3, nParams: 3, gates: [...prep, { kind, qubits: qs, params: withParams(kind) }] },
      });
  for (const p of ['X', 'Y', 'Z', 'XY', 'YZ', 'ZZ', 'XZY', 'IYI', 'III'])
    cases.push({
      name: `pauli ${p}`,
      circuit: {
        nQubits: 3,
        nParams: 3,
        gates: [
          ...prep,
          {
            kind: 'pauli',
            pauli: p,
            qubits: p.length === 3 ? [2, 0, 1] : [1, 2].slice(0, p.length).concat(p.length > 2 ? [0] : []),
            params: [{ p: 0, scale: 0.7 }],
          },
        ],
      },
    });
  cases.push({
    name: 'unitary 4x4 (2,0)',
    circuit: {
      nQubits: 3,
      nParams: 0,
      gates: [...prep, { kind: 'unitary', qubits: [2, 0], matrix: randomUnitary(rng, 4) }],
    },
  });
  return cases;
}

describeEach('engines vs dense reference', {}, ({ engine: engineName, values }) => {
  const engine = getEngine(engineName);
  const TOL = 1e-5; // float32 states: holds on webgpu too

  test.each(singleGateCases().map((c) => [c.name, c.circuit]))('gate %s', async (_name, circuit) => {
    const theta = randomTheta(1, 3, circuit.nParams);
    const ref = refStates(circuit, theta);
    const [re, im] = await values(() => {
      const s = engine.simulate(circuit, tf.tensor2d(theta, [3, circuit.nParams]));
      return [s.re, s.im];
    });
    expect(maxAbsDiff(re, ref.re)).toBeLessThan(TOL);
    expect(maxAbsDiff(im, ref.im)).toBeLessThan(TOL);
  });

  test.each([
    [2, 1],
    [3, 2],
    [4, 3],
    [5, 4],
    [6, 5],
  ])('random circuit n=%i seed=%i, batch 4', async (n, seed) => {
    const circuit = randomCircuit(createRng(`circ${seed}`), n, 40, 7);
    const theta = randomTheta(seed, 4, circuit.nParams);
    const ref = refStates(circuit, theta);
    const [re, im, p] = await values(() => {
      const s = engine.simulate(circuit, tf.tensor2d(theta));
      return [s.re, s.im, engine.probs(circuit, tf.tensor2d(theta))];
    });
    expect(maxAbsDiff(re, ref.re)).toBeLessThan(TOL);
    expect(maxAbsDiff(im, ref.im)).toBeLessThan(TOL);
    const pRef = ref.re.map((r, k) => r * r + ref.im[k] ** 2);
    expect(maxAbsDiff(p, pRef)).toBeLessThan(TOL);
    for (let b = 0; b < 4; b++)
      expect(Array.from(p.slice(b * 2 ** n, (b + 1) * 2 ** n)).reduce((a, x) => a + x, 0)).toBeCloseTo(1, 5);
  });

  test('initial states: one shared and one per row', async () => {
    const rng = createRng('init');
    const circuit = randomCircuit(rng, 4, 25, 3);
    const theta = randomTheta(9, 2, 3);
    const inits: C[][] = [0, 1].map(() => randomUnitary(rng, 16).map((row) => row[0]));
    for (const init of [inits.slice(0, 1), inits]) {
      const ref = refStates(circuit, theta, init);
      const [re, im] = await values(() => {
        const state = {
          re: tf.tensor2d(init.map((v) => v.map((x) => x[0]))),
          im: tf.tensor2d(init.map((v) => v.map((x) => x[1]))),
        };
        const s = engine.simulate(circuit, tf.tensor2d(theta), state);
        return [s.re, s.im];
      });
      expect(maxAbsDiff(re, ref.re)).toBeLessThan(TOL);
      expect(maxAbsDiff(im, ref.im)).toBeLessThan(TOL);
    }
  });

  test('X on qubit 0 of |000⟩ gives index 2^(n−1) (bit order)', async () => {
    const [p] = await values(() => [
      engine.probs({ nQubits: 3, nParams: 0, gates: [{ kind: 'x', qubits: [0] }] }, tf.zeros([1, 0]) as tf.Tensor2D),
    ]);
    expect(Array.from(p)).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
  });
});

describeEach('applyGate: one gate on a batch of states, per-row or shared angles', {}, ({ engine, values }) => {
  test('matches the dense reference and leaves no tensors', async () => {
    const rng = createRng('apply');
    const init: C[][] = [0, 1].map(() => randomUnitary(rng, 8).map((row) => row[0]));
    const re = tf.tensor2d(init.map((v) => v.map((x) => x[0]))),
      im = tf.tensor2d(init.map((v) => v.map((x) => x[1])));
    const angles = [0.4, -1.3];
    const a0 = tf.tensor1d(angles),
      a2 = tf.tensor1d([2.0, 0.1]);
    const step = () =>
      values(() => {
        const out = applyGate(
          { re: re as tf.Tensor2D, im: im as tf.Tensor2D },
          { kind: 'u3', qubits: [1], controls: [2] },
          [a0, 0.7, a2],
          { engine },
        );
        return [out.re, out.im];
      });
    const [gr, gi] = await step();
    init.forEach((v, b) => {
      const ref = denseState(
        { nQubits: 3, gates: [{ kind: 'u3', qubits: [1], controls: [2], params: [angles[b], 0.7, [2.0, 0.1][b]] }] },
        [],
        v,
      );
      ref.forEach(([r, i], x) => {
        expect(gr[b * 8 + x]).toBeCloseTo(r, 5);
        expect(gi[b * 8 + x]).toBeCloseTo(i, 5);
      });
    });
    const before = tf.memory().numTensors;
    await step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([re, im, a0, a2]);
  });
});
