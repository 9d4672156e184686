/**
 * Gate fusion (circuit/fuse.ts) on random circuits with every gate kind: the fused plan is the same unitary (CPU
 * engine against the dense reference, blocks of 2 and 3 qubits), gradients through fused blocks equal central finite
 * differences of the dense reference and parameter shift, the SIMD and JS kernels agree on fused programs, every op
 * lands in exactly one place, and the CPU engine's cost model fuses what it should (JS-kernel ops) and not the HEP
 * ansatz, whose kernels are compute-bound on this engine.
 */
import * as tf from '@tensorflow/tfjs';
import { compilePlan } from '../../src/circuit/plan';
import { FusedPlan, fusePlan, unfuseBlock } from '../../src/circuit/fuse';
import { hepAnsatz } from '../../src/circuit/ansatz/hep';
import { hardwareEfficientAnsatz } from '../../src/circuit/ansatz/hardwareEfficient';
import { CPU_FUSE_COSTS, fuseForCpu } from '../../src/engines/cpu/fusePolicy';
import { prepareProgram } from '../../src/engines/cpu/prepare';
import { forward } from '../../src/engines/cpu/forward';
import { adjoint } from '../../src/engines/cpu/adjoint';
import { jsKernels, simdKernels } from '../../src/engines/cpu/kernelSet';
import { cpuEngine } from '../../src/engines/engine';
import { paramShiftGrad } from '../../src/gradients/paramShift';
import { createRng } from '../../src/rng';
import { denseProbs, denseState } from '../reference/dense';
import { centralDiff } from '../reference/centralDiff';
import { maxAbsDiff, relErr } from '../helpers/backends';
import { randomCircuit } from '../helpers/randomCircuit';

const forced = (maxQubits: 2 | 3) => ({ maxQubits, costs: CPU_FUSE_COSTS, passCost: 1e9 });

function withFuse<T>(v: string, fn: () => T): T {
  const old = process.env.PLATEAU_FUSE;
  process.env.PLATEAU_FUSE = v;
  try {
    return fn();
  } finally {
    if (old === undefined) delete process.env.PLATEAU_FUSE;
    else process.env.PLATEAU_FUSE = old;
  }
}

const cases: [number, 2 | 3, number][] = [
  [2, 2, 1],
  [3, 2, 2],
  [3, 3, 3],
  [4, 2, 4],
  [4, 3, 5],
  [5, 3, 6],
  [6, 2, 7],
  [6, 3, 8],
];

describe('fused plans are the same unitary', () => {
  test.each(cases)('n = %i, blocks ≤ %i qubits, seed %i: states against the dense reference', (n, k, seed) => {
    const rng = createRng(`fuse${seed}`);
    const c = randomCircuit(rng, n, 40, 5);
    const plan = compilePlan(c),
      fused = fusePlan(plan, forced(k));
    expect(fused.ops.some((o) => o.op === 'block')).toBe(true);
    const theta = Array.from({ length: 5 }, () => 4 * (rng.uniform() - 0.5));
    const want = denseState(c, theta).flat();
    for (const K of [jsKernels, simdKernels()!]) {
      const psi = forward(K, prepareProgram(fused), theta, 1);
      const got = Array.from(psi.re).flatMap((re, i) => [re, psi.im[i]]);
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-12);
    }
  });

  test.each(cases)(
    'n = %i, k = %i, seed %i: every op once, blocks within k qubits, unfused back gives the same state',
    (n, k, seed) => {
      const rng = createRng(`once${seed}`);
      const c = randomCircuit(rng, n, 40, 5);
      const plan = compilePlan(c),
        fused = fusePlan(plan, forced(k));
      const count = (ops: { op: string; terms?: unknown[] }[]) =>
        ops.reduce((s, o) => s + (o.op === 'diag' ? o.terms!.length : 1), 0);
      const flat = fused.ops.flatMap((o) => (o.op === 'block' ? unfuseBlock(o, n) : [o]));
      expect(count(flat)).toBe(count(plan.ops));
      for (const o of fused.ops) if (o.op === 'block') expect(o.qubits.length).toBeLessThanOrEqual(k);
      const theta = Array.from({ length: 5 }, () => rng.normal());
      const a = forward(jsKernels, prepareProgram(plan), theta, 1),
        b = forward(jsKernels, prepareProgram({ ...plan, ops: flat } as FusedPlan), theta, 1);
      expect(maxAbsDiff([...a.re, ...a.im], [...b.re, ...b.im])).toBeLessThan(1e-12);
    },
  );
});

describe('gradients through fused blocks', () => {
  test.each(cases)(
    'n = %i, k = %i, seed %i: adjoint = finite differences of the dense reference (batch 2, SIMD and JS)',
    (n, k, seed) => {
      const rng = createRng(`fgrad${seed}`);
      const c = randomCircuit(rng, n, 30, 6);
      const prog = prepareProgram(fusePlan(compilePlan(c), forced(k)));
      const w = Array.from({ length: 2 ** n }, () => rng.normal());
      const theta = Array.from({ length: 12 }, () => 4 * (rng.uniform() - 0.5));
      const f = (row: number[]) => denseProbs(c, row).reduce((s, p, x) => s + w[x] * p, 0);
      const want = [...centralDiff(f, theta.slice(0, 6)), ...centralDiff(f, theta.slice(6))];
      for (const K of [jsKernels, simdKernels()!]) {
        const psi = forward(K, prog, theta, 2);
        // L = Σ_x w_x |ψ_x|² per row: λ = 2 w ψ
        const lambda = {
          re: psi.re.map((v, i) => 2 * w[i % 2 ** n] * v),
          im: psi.im.map((v, i) => 2 * w[i % 2 ** n] * v),
        };
        expect(maxAbsDiff(adjoint(K, prog, theta, 2, psi, lambda), want)).toBeLessThan(1e-7);
      }
    },
  );

  test('through the engine (forced 3-qubit blocks): autodiff = parameter shift, and equal to the unfused engine', () => {
    const rng = createRng('feng');
    const c = randomCircuit(rng, 5, 40, 6);
    const theta = tf.tensor2d([
      Array.from({ length: 6 }, () => rng.normal()),
      Array.from({ length: 6 }, () => rng.normal()),
    ]);
    const weights = tf.tensor1d(Array.from({ length: 32 }, () => rng.normal()));
    const objective = (p: tf.Tensor2D) => tf.sum(tf.mul(tf.sqrt(tf.add(p, 0.01)), weights), 1) as tf.Tensor1D;
    const grad = () =>
      tf.tidy(() =>
        tf
          .grad((t: tf.Tensor) => tf.sum(objective(cpuEngine.probs(c, t as tf.Tensor2D))))(theta)
          .dataSync(),
      );
    const fused = withFuse('3', grad),
      plain = withFuse('off', grad);
    const ps = withFuse('3', () => paramShiftGrad(c, theta, objective, { engine: 'cpu' }));
    expect(relErr(fused, ps.dataSync())).toBeLessThan(1e-4);
    expect(maxAbsDiff(fused, plain)).toBeLessThan(1e-5);
    tf.dispose([theta, weights, ps]);
  });
});

test('a one-qubit register is never fused: there is no second qubit to widen a block to (its gradients were wrong)', () => {
  const rng = createRng('fuse-n1');
  const c = randomCircuit(rng, 1, 12, 4);
  const plan = compilePlan(c);
  for (const k of [2, 3] as const) expect(fusePlan(plan, forced(k))).toBe(plan);
  const theta = tf.tensor2d([
    Array.from({ length: 4 }, () => rng.normal()),
    Array.from({ length: 4 }, () => rng.normal()),
  ]);
  const grad = () =>
    tf.tidy(() =>
      tf
        .grad((t: tf.Tensor) => tf.sum(tf.mul(cpuEngine.probs(c, t as tf.Tensor2D), tf.tensor1d([1, -1]))))(theta)
        .dataSync(),
    );
  const want = withFuse('off', grad);
  for (const fuse of ['2', '3', 'auto']) expect(maxAbsDiff(withFuse(fuse, grad), want)).toBeLessThan(1e-6);
  theta.dispose();
});

describe("the CPU engine's cost model", () => {
  test('HEP at n = 16: left unfused (its kernels are compute-bound); forced 3-qubit blocks cut the passes ≥ 4×', () => {
    const plan = compilePlan(hepAnsatz(16, 4));
    expect(fuseForCpu(plan, 'auto').ops.length).toBeGreaterThan(0.9 * plan.ops.length);
    expect(fuseForCpu(plan, 3).ops.length * 4).toBeLessThanOrEqual(plan.ops.length);
  });

  test('a hardware-efficient ansatz with CX ladders: CX (a JS kernel) fused into blocks', () => {
    const plan = compilePlan(hardwareEfficientAnsatz({ nQubits: 12, layers: 4 }));
    const auto = fuseForCpu(plan, 'auto');
    expect(auto.ops.filter((o) => o.op === 'block').length).toBeGreaterThan(8);
    expect(auto.ops.length).toBeLessThan(0.8 * plan.ops.length);
  });
});
