/**
 * plateau's WGSL kernels = the generic tf-op versions of the same functions (engines/tensor/ops.ts, losses/walsh.ts),
 * on one backend (webgpu, software adapter): values and gradients w.r.t. every differentiable input, under a random
 * linear functional. n ≤ 8 covers every shape path; n = 12 covers reductions split into several chunks per row.
 */
import * as tf from '@tensorflow/tfjs';
import { trigForm } from '../../../src/circuit/factors';
import { Plan, PlanOp } from '../../../src/circuit/plan';
import { applyDiag, applyMat2, bornProbsPacked, Packed, pauliRotation, permute } from '../../../src/engines/tensor/ops';
import { prepareTensorProgram, TensorOp } from '../../../src/engines/tensor/program';
import { walshHadamard } from '../../../src/losses/walsh';
import { createRng } from '../../../src/rng';
import { maxAbsDiff } from '../../helpers/backends';
import { describeWebgpu } from '../../helpers/webgpu';

const rng = createRng('webgpu-kernels');
const randn = (shape: number[]) =>
  tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
    shape,
  );

/** The op of a one-op plan, prepared fast (masks) and generic (tables); dispose with `tf.dispose(p.tensors)`. */
function prepared(n: number, op: PlanOp, slots = 1) {
  const plan: Plan = {
    nQubits: n,
    nParams: slots,
    dim: 2 ** n,
    slots: Array.from({ length: slots }, (_, p) => ({ param: p, scale: 1, offset: 0 })),
    ops: [op],
  };
  const fast = prepareTensorProgram(plan, { fast: true }),
    generic = prepareTensorProgram(plan, { fast: false });
  return {
    fast,
    generic,
    op: (f: boolean): TensorOp => (f ? fast : generic).ops[0],
    dispose: () => tf.dispose([...fast.tensors, ...generic.tensors]),
  };
}

/**
 * Runs `f` fast and generic on the same inputs; compares outputs and the gradients of Σ w ⊙ f w.r.t. each input.
 * Tolerances are absolute, for O(1) inputs in float32.
 */
async function expectSame(
  f: (fast: boolean, xs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  tol = 2e-5,
): Promise<void> {
  const outShape = f(false, inputs).shape;
  const w = randn(outShape);
  const results = [true, false].map((fast) =>
    tf.tidy(() => {
      const y = f(fast, inputs);
      const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(fast, xs), w)))(inputs);
      return [y, ...grads];
    }),
  );
  for (let k = 0; k < results[0].length; k++) {
    const [a, b] = await Promise.all([results[0][k].data(), results[1][k].data()]);
    const err = maxAbsDiff(a, b) / Math.max(1, ...Array.from(b, Math.abs));
    expect([k === 0 ? 'value' : `gradient ${k - 1}`, err < tol ? 'ok' : err]).toEqual([
      k === 0 ? 'value' : `gradient ${k - 1}`,
      'ok',
    ]);
  }
  tf.dispose([w, ...results.flat()]);
}

const fixedFactor = {
  kind: 'fixed' as const,
  form: trigForm('fixed', Float64Array.from([1, 0, 0, 0, 0, 0, 1, 0])),
  slot: -1,
};

describeWebgpu('webgpu kernels = generic tf ops', () => {
  test('one-qubit gate (every target, with and without controls)', async () => {
    for (const [n, B] of [
      [5, 3],
      [12, 2],
    ]) {
      for (let target = 0; target < n; target += n > 6 ? 5 : 1) {
        for (const controls of [0, (1 << n) - 1 - (1 << (n - 1 - target))]) {
          const p = prepared(n, { op: 'mat2', target, controls, factors: [fixedFactor] });
          const s = randn([2, B, 2 ** n]),
            u = randn([B, 4, 4]);
          await expectSame(
            (fast, [x, m]) =>
              applyMat2(x as Packed, m as tf.Tensor3D, p.op(fast) as Extract<TensorOp, { op: 'mat2' }>, n, fast),
            [s, u],
          );
          tf.dispose([s, u]);
          p.dispose();
        }
      }
    }
  });

  test('fused diagonal layer (parametrised, > 32 terms, constant)', async () => {
    for (const [n, B, K] of [
      [6, 3, 5],
      [6, 2, 40],
      [12, 2, 3],
    ]) {
      const terms = Array.from({ length: K }, (_, k) => ({
        mask: rng.int(2 ** n),
        weight: 0.5 + rng.uniform(),
        slot: k,
      }));
      const p = prepared(n, { op: 'diag', terms }, K);
      const s = randn([2, B, 2 ** n]),
        coef = randn([B, K]);
      await expectSame(
        (fast, [x, c]) =>
          applyDiag(x as Packed, c as tf.Tensor2D, p.op(fast) as Extract<TensorOp, { op: 'diag' }>, fast),
        [s, coef],
      );
      tf.dispose([s, coef]);
      p.dispose();
    }
    const plan: Plan = {
      nQubits: 4,
      nParams: 0,
      dim: 16,
      slots: [{ param: null, scale: 0, offset: 0.7 }],
      ops: [
        {
          op: 'diag',
          terms: [
            { mask: 5, weight: 1.3, slot: 0 },
            { mask: 8, weight: -2, slot: 0 },
          ],
        },
      ],
    };
    const fast = prepareTensorProgram(plan, { fast: true }),
      generic = prepareTensorProgram(plan, { fast: false });
    const s = randn([2, 3, 16]);
    await expectSame(
      (f, [x]) => applyDiag(x as Packed, null, (f ? fast : generic).ops[0] as Extract<TensorOp, { op: 'diag' }>, f),
      [s],
    );
    tf.dispose([s, ...fast.tensors, ...generic.tensors]);
  });

  test('permutations: controlled X, Toffoli, SWAP', async () => {
    const n = 6;
    const ops: PlanOp[] = [
      { op: 'flip', target: 2, controls: 0 },
      { op: 'flip', target: 0, controls: 0b000101 },
      { op: 'swap', a: 1, b: 4 },
      { op: 'swap', a: 5, b: 0 },
    ];
    for (const op of ops) {
      const p = prepared(n, op);
      const s = randn([2, 3, 2 ** n]);
      await expectSame((fast, [x]) => permute(x as Packed, p.op(fast) as Extract<TensorOp, { op: 'perm' }>, fast), [s]);
      tf.dispose(s);
      p.dispose();
    }
  });

  test('Pauli rotations exp(−iφP) (every ρ, batch and shared angle)', async () => {
    for (const [n, B, flip, zMask, nY] of [
      [5, 3, 0b10010, 0b00110, 0],
      [5, 3, 0b00001, 0b00001, 1],
      [5, 2, 0b11000, 0b01001, 2],
      [6, 2, 0b101011, 0b100011, 3],
      [12, 2, 0b100000000001, 0b000000000011, 1],
    ]) {
      const p = prepared(n, { op: 'pauli', flip, zMask, nY, weight: 1, slot: 0 });
      const s = randn([2, B, 2 ** n]);
      for (const phi of [randn([B, 1]), randn([1, 1])]) {
        await expectSame(
          (fast, [x, a]) =>
            pauliRotation(x as Packed, a as tf.Tensor2D, p.op(fast) as Extract<TensorOp, { op: 'pauli' }>, fast),
          [s, phi],
        );
        tf.dispose(phi);
      }
      tf.dispose(s);
      p.dispose();
    }
  });

  test('Born probabilities', async () => {
    const s = randn([2, 3, 64]);
    await expectSame((fast, [x]) => bornProbsPacked(x as Packed, fast), [s]);
    tf.dispose(s);
  });

  test('Walsh–Hadamard transform (in-workgroup rounds only, and with global rounds past 512)', async () => {
    for (const [B, n] of [
      [2, 1],
      [3, 5],
      [2, 9],
      [2, 11],
    ]) {
      const x = randn([B, 2 ** n]);
      await expectSame((fast, [v]) => walshHadamard(v as tf.Tensor2D, fast ? 'kernel' : 'ops'), [x], 1e-5);
      tf.dispose(x);
    }
  });
});
