/**
 * The cuda engine against the CPU engine, with the kernels compiled for the host and launched through the FFI layer
 * into the host emulation of the driver: states, probabilities and gradients of the HEP, HEA and McClean circuits and
 * random circuits over every gate kind, batched, with initial states, in complex64 and complex128; one circuit per
 * plan op so that each kernel and its adjoint is checked on its own; the device-reduced losses (MMD, KL, TVD) and
 * their gradients against the tfjs losses on CPU-engine probabilities; GPU memory and tensors flat across steps; and
 * every kernel of the module launched at least once.
 */
import * as tf from '@tensorflow/tfjs';
import { Circuit } from '../../../src/circuit/circuit';
import { compilePlan, PlanOp } from '../../../src/circuit/plan';
import { hepAnsatz } from '../../../src/circuit/ansatz/hep';
import { hardwareEfficientAnsatz } from '../../../src/circuit/ansatz/hardwareEfficient';
import { mcCleanAnsatz } from '../../../src/circuit/ansatz/mcclean';
import { cpuEngine, cudaEngine, Engine, selectEngine } from '../../../src/engines/engine';
import { CudaPrecision, cudaStatus, resetCudaForTests, setCudaPrecision } from '../../../src/engines/cuda/device';
import { runBackward, runForward, session } from '../../../src/engines/cuda/runtime';
import { prepareCudaProgram } from '../../../src/engines/cuda/program';
import { arg } from '../../../src/engines/cuda/args';
import { DeviceBuffer } from '../../../src/engines/cuda/driver';
import { Launcher } from '../../../src/engines/cuda/launch';
import { DeviceLoss } from '../../../src/engines/cuda/losses';
import { mmdOrderWeights } from '../../../src/losses/mmd';
import { resolveLoss } from '../../../src/losses/registry';
import { createRng } from '../../../src/rng';
import { centralDiff } from '../../reference/centralDiff';
import { expectNoLeak, maxAbsDiff, relErr } from '../../helpers/backends';
import { describeHostCuda, fakeHooks, useHostCuda } from '../../helpers/cudaHost';
import { randomCircuit, randomUnitary } from '../../helpers/randomCircuit';

const n = 6;
/** One circuit per plan op (the kernel pair it exercises), with the op the plan must contain. */
const perOp: [string, PlanOp['op'], Circuit][] = [
  [
    'mat2 with controls',
    'mat2',
    {
      nQubits: n,
      nParams: 3,
      gates: [
        { kind: 'h', qubits: [1] },
        { kind: 'cry', qubits: [1, 4], params: [{ p: 0 }] },
        { kind: 'u3', qubits: [3], controls: [0, 5], params: [{ p: 1 }, { p: 2 }, 0.3] },
        { kind: 'ch', qubits: [4, 0] },
      ],
    },
  ],
  [
    'diag, 40 terms in 3 adjoint passes',
    'diag',
    {
      nQubits: n,
      nParams: 12,
      gates: [
        ...[...Array(n).keys()].map((q) => ({ kind: 'h' as const, qubits: [q] })),
        ...Array.from({ length: 12 }, (_, k) => ({
          kind: (['rzz', 'crz', 'cp'] as const)[k % 3],
          qubits: [k % n, (k + 1 + (k % 4)) % n],
          params: [{ p: k }],
        })),
        ...[...Array(n).keys()].map((q) => ({ kind: 'rx' as const, qubits: [q], params: [0.7 + q] })), // so that probabilities see the phases
      ],
    },
  ],
  [
    'pauli rotations',
    'pauli',
    {
      nQubits: n,
      nParams: 4,
      gates: [
        { kind: 'h', qubits: [2] },
        { kind: 'pauli', pauli: 'XYZ', qubits: [0, 3, 5], params: [{ p: 0 }] },
        { kind: 'ryy', qubits: [1, 4], params: [{ p: 1 }] },
        { kind: 'pauli', pauli: 'YIY', qubits: [5, 2, 0], params: [{ p: 2 }] },
        { kind: 'rxx', qubits: [2, 3], params: [{ p: 3 }] },
      ],
    },
  ],
  [
    'flip (x, cx, ccx)',
    'flip',
    {
      nQubits: n,
      nParams: 2,
      gates: [
        { kind: 'ry', qubits: [0], params: [{ p: 0 }] },
        { kind: 'ry', qubits: [3], params: [{ p: 1 }] },
        { kind: 'cx', qubits: [0, 2] },
        { kind: 'x', qubits: [5], controls: [0, 3] },
        { kind: 'ry', qubits: [5], params: [0.4] },
      ],
    },
  ],
  [
    'swap',
    'swap',
    {
      nQubits: n,
      nParams: 2,
      gates: [
        { kind: 'ry', qubits: [1], params: [{ p: 0 }] },
        { kind: 'swap', qubits: [1, 4] },
        { kind: 'rx', qubits: [4], params: [{ p: 1 }] },
        { kind: 'swap', qubits: [5, 0] },
      ],
    },
  ],
  [
    'mat4 (two-qubit unitary)',
    'mat4',
    {
      nQubits: n,
      nParams: 2,
      gates: [
        { kind: 'ry', qubits: [2], params: [{ p: 0 }] },
        { kind: 'unitary', qubits: [4, 2], matrix: randomUnitary(createRng('mat4'), 4) },
        { kind: 'rx', qubits: [4], params: [{ p: 1 }] },
      ],
    },
  ],
];

const ansatze = (): Circuit[] => [
  hepAnsatz(7, 3),
  hardwareEfficientAnsatz({ nQubits: 6, layers: 2, topology: 'ring', rotations: ['rx', 'rz'], entangler: 'rzz' }),
  hardwareEfficientAnsatz({ nQubits: 5, layers: 2, topology: 'line', rotations: ['ry'], entangler: 'cx' }),
  mcCleanAnsatz(6, 4, createRng(3)),
  randomCircuit(createRng('cuda-random'), 7, 90, 10),
];

const TOL: Record<CudaPrecision, { state: number; grad: number }> = {
  complex64: { state: 3e-6, grad: 1e-4 },
  complex128: { state: 2e-7, grad: 2e-6 },
};

function thetaFor(c: Circuit, rows: number, seed: string): tf.Tensor2D {
  const rng = createRng(seed);
  return tf.tensor2d(
    Array.from({ length: rows * c.nParams }, () => 6 * rng.uniform() - 3),
    [rows, c.nParams],
  );
}

/** A random normalised state batch [rows, 2^n]. */
function randomStates(nq: number, rows: number, seed: string) {
  const rng = createRng(seed),
    d = 2 ** nq,
    re = new Float32Array(rows * d),
    im = new Float32Array(rows * d);
  for (let b = 0; b < rows; b++) {
    let s = 0;
    for (let x = 0; x < d; x++) s += (re[b * d + x] = rng.normal()) ** 2 + (im[b * d + x] = rng.normal()) ** 2;
    for (let x = 0; x < d; x++) {
      re[b * d + x] /= Math.sqrt(s);
      im[b * d + x] /= Math.sqrt(s);
    }
  }
  return { re: tf.tensor2d(re, [rows, d]), im: tf.tensor2d(im, [rows, d]) };
}

/** States, probabilities and the gradients of a probability loss and an amplitude loss agree with the CPU engine. */
function expectAgree(
  c: Circuit,
  precision: CudaPrecision,
  init?: { re: tf.Tensor2D; im: tf.Tensor2D },
  rows = 3,
): void {
  const tol = TOL[precision],
    d = 2 ** c.nQubits;
  const theta = thetaFor(c, rows, `theta-${c.name}`);
  const w = tf.randomNormal([1, d], 0, 1, 'float32', 7),
    v = tf.randomNormal([2, rows, d], 0, 1, 'float32', 8);
  const probLoss = (e: Engine) => (t: tf.Tensor) =>
    tf.sum(tf.mul(tf.sqrt(tf.add(e.probs(c, t as tf.Tensor2D, init), 1e-3)), w));
  const ampLoss = (e: Engine) => (t: tf.Tensor) => {
    const s = e.simulate(c, t as tf.Tensor2D, init);
    return tf.add(
      tf.sum(tf.mul(s.re, tf.squeeze(tf.slice(v, [0, 0, 0], [1, rows, d]), [0]))),
      tf.sum(tf.square(tf.mul(s.im, tf.squeeze(tf.slice(v, [1, 0, 0], [1, rows, d]), [0])))),
    );
  };
  tf.tidy(() => {
    const a = cpuEngine.simulate(c, theta, init),
      b = cudaEngine.simulate(c, theta, init);
    expect(maxAbsDiff(b.re.dataSync(), a.re.dataSync())).toBeLessThan(tol.state);
    expect(maxAbsDiff(b.im.dataSync(), a.im.dataSync())).toBeLessThan(tol.state);
    expect(
      maxAbsDiff(cudaEngine.probs(c, theta, init).dataSync(), cpuEngine.probs(c, theta, init).dataSync()),
    ).toBeLessThan(tol.state);
    expect(
      relErr(tf.grad(probLoss(cudaEngine))(theta).dataSync(), tf.grad(probLoss(cpuEngine))(theta).dataSync()),
    ).toBeLessThan(tol.grad);
    expect(
      relErr(tf.grad(ampLoss(cudaEngine))(theta).dataSync(), tf.grad(ampLoss(cpuEngine))(theta).dataSync()),
    ).toBeLessThan(tol.grad);
  });
  tf.dispose([theta, w, v]);
}

describeHostCuda('cuda engine = cpu engine', () => {
  let hooks: ReturnType<typeof fakeHooks>;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    resetCudaForTests();
    const h = useHostCuda();
    if (!h.ok) throw new Error(h.why);
    hooks = fakeHooks(h.library);
    hooks.reset(1, 2 ** 30); // counters from zero: the coverage test at the end reads them
  });
  afterEach(() => setCudaPrecision(null));

  test('auto selects cuda beside a host backend, and the status names the device', () => {
    expect(selectEngine('auto', 'cpu')).toBe('cuda');
    expect(selectEngine('auto', 'webgpu')).toBe('tensor');
    expect(() => selectEngine('cuda', 'webgpu')).toThrow(/^engine cuda cannot run here: it needs a host tfjs backend/);
    const s = cudaStatus();
    expect(s.ok && s.devices[0].name).toBe('plateau host emulation (no GPU)');
  });

  describe.each(['complex64', 'complex128'] as const)('%s', (precision) => {
    beforeEach(() => setCudaPrecision(precision));
    test.each(perOp.map(([name, op, c]) => [name, op, c] as const))('kernel: %s', (_name, op, c) => {
      expect(compilePlan(c).ops.some((o) => o.op === op)).toBe(true);
      expectAgree(c, precision);
    });
    test.each(ansatze().map((c) => [c.name, c]))('circuit %s', (_name, c) => expectAgree(c, precision));
    test('initial states: one shared, one per row', () => {
      const c = hepAnsatz(5, 2);
      for (const rows of [1, 3]) {
        const init = randomStates(5, rows, `init-${rows}`);
        expectAgree(c, precision, init, 3);
        tf.dispose([init.re, init.im]);
      }
    });
  });

  test('complex128 gradient = central differences of its own probabilities', () => {
    setCudaPrecision('complex128');
    const c = hepAnsatz(4, 2),
      d = 16;
    const w = Array.from({ length: d }, (_, i) => Math.sin(i + 1));
    const f = (x: number[]) =>
      tf.tidy(() => Array.from(cudaEngine.probs(c, tf.tensor2d([x])).dataSync()).reduce((s, p, i) => s + p * w[i], 0));
    const x0 = Array.from({ length: c.nParams }, (_, k) => 0.3 + 0.7 * k);
    const g = tf.tidy(() =>
      tf
        .grad((t: tf.Tensor) => tf.sum(tf.mul(cudaEngine.probs(c, t as tf.Tensor2D), tf.tensor2d([w]))))(
          tf.tensor2d([x0]),
        )
        .dataSync(),
    );
    expect(relErr(g, centralDiff(f, x0, 1e-2))).toBeLessThan(1e-3); // float32 outputs: h large enough to beat their rounding
  });

  describe.each(['complex64', 'complex128'] as const)('device losses, %s', (precision) => {
    beforeEach(() => setCudaPrecision(precision));
    const c = hepAnsatz(7, 2),
      d = 2 ** 7,
      rows = 3;
    const data = (r: number, zeros: boolean) => {
      const rng = createRng(`data-${r}-${zeros}`),
        p = new Float32Array(r * d);
      for (let b = 0; b < r; b++) {
        let s = 0;
        for (let x = 0; x < d; x++) s += p[b * d + x] = zeros && x % 3 === 0 ? 0 : rng.uniform() ** 4;
        for (let x = 0; x < d; x++) p[b * d + x] /= s;
      }
      return tf.tensor2d(p, [r, d]);
    };
    const cases: [string, object, DeviceLoss][] = [
      [
        'mmd, three bandwidths',
        { loss: 'mmd', sigmas: [0.25, 1, 7] },
        { loss: 'mmd', orderWeights: mmdOrderWeights(7, [0.25, 1, 7]) },
      ],
      ['kl, default ε', { loss: 'kl' }, { loss: 'kl', epsilon: 1e-6 }],
      ['kl, ε = 0.01 (clipping active)', { loss: 'kl', epsilon: 0.01 }, { loss: 'kl', epsilon: 0.01 }],
      ['tvd, sum', { loss: 'tvd' }, { loss: 'tvd', half: false }],
      ['tvd, half', { loss: 'tvd', convention: 'half' }, { loss: 'tvd', half: true }],
    ];
    test.each(cases)('%s: values and gradients, shared and per-row data', (_name, spec, device) => {
      const loss = resolveLoss(spec, 7);
      const theta = thetaFor(c, rows, 'loss-theta');
      for (const p of [data(1, true), data(rows, false)]) {
        tf.tidy(() => {
          const ref = (t: tf.Tensor) =>
            tf.sum(tf.mul(loss.ofProbs(cpuEngine.probs(c, t as tf.Tensor2D), p), tf.tensor1d([1, -2, 0.5])));
          const dev = (t: tf.Tensor) =>
            tf.sum(tf.mul(cudaEngine.loss!(c, t as tf.Tensor2D, p, device), tf.tensor1d([1, -2, 0.5])));
          const want = loss.ofProbs(cpuEngine.probs(c, theta), p).dataSync(),
            got = cudaEngine.loss!(c, theta, p, device).dataSync();
          expect(relErr(got, want)).toBeLessThan(1e-5);
          expect(relErr(tf.grad(dev)(theta).dataSync(), tf.grad(ref)(theta).dataSync())).toBeLessThan(
            TOL[precision].grad * 10,
          );
          // the loss registry routes exact model losses to the device when the engine has them
          const reductions = hooks.kernelLaunches(
            `${device.loss}_sum${device.loss === 'mmd' ? '' : precision === 'complex64' ? '_f32' : '_f64'}`,
          );
          expect(relErr(loss.ofCircuit(c, theta, p, { engine: 'cuda' }).dataSync(), want)).toBeLessThan(1e-5);
          expect(
            hooks.kernelLaunches(
              `${device.loss}_sum${device.loss === 'mmd' ? '' : precision === 'complex64' ? '_f32' : '_f64'}`,
            ),
          ).toBe(reductions + 1);
        });
        p.dispose();
      }
      theta.dispose();
    });
  });

  test('MMD at n = 5 and 6: every width of Walsh–Hadamard pass (4 + 1, 4 + 2 bits)', () => {
    for (const nq of [5, 6]) {
      const c = hepAnsatz(nq, 2),
        theta = thetaFor(c, 2, `wht-${nq}`),
        p = tf.softmax(tf.randomNormal([1, 2 ** nq], 0, 2, 'float32', nq)) as tf.Tensor2D;
      const loss = resolveLoss({ loss: 'mmd', sigmas: [0.5, nq] }, nq);
      tf.tidy(() => {
        expect(
          relErr(
            cudaEngine.loss!(c, theta, p, { loss: 'mmd', orderWeights: mmdOrderWeights(nq, [0.5, nq]) }).dataSync(),
            loss.ofProbs(cpuEngine.probs(c, theta), p).dataSync(),
          ),
        ).toBeLessThan(1e-5);
        const g = (e: 'cuda' | 'cpu') =>
          tf
            .grad((t: tf.Tensor) => tf.sum(loss.ofCircuit(c, t as tf.Tensor2D, p, { engine: e })))(theta)
            .dataSync();
        expect(relErr(g('cuda'), g('cpu'))).toBeLessThan(1e-3);
      });
      tf.dispose([theta, p]);
    }
  });

  test('a gradient taken twice, and after its state was evicted, is the same', () => {
    const c = hepAnsatz(6, 2),
      rows = 2,
      dim = 64,
      theta = thetaFor(c, rows, 'twice');
    const w = Float32Array.from({ length: rows * dim }, (_, i) => Math.cos(i));
    const prog = prepareCudaProgram(compilePlan(c)),
      th = Float64Array.from(theta.dataSync());
    const seed = (L: Launcher, psi: DeviceBuffer, lam: DeviceBuffer) => {
      const dy = L.session.scratch.get('test cotangent', w.byteLength);
      L.session.driver.upload(dy, w);
      L.each('seed_probs', dim, [arg.buf(psi), arg.buf(dy), arg.buf(lam), arg.u32(dim)]);
    };
    const want = tf.tidy(() =>
      tf
        .grad((t: tf.Tensor) => tf.sum(tf.mul(cpuEngine.probs(c, t as tf.Tensor2D), tf.tensor2d(w, [rows, dim]))))(
          theta,
        )
        .dataSync(),
    );
    const f = runForward(prog, th, rows);
    expect(relErr(runBackward(f, seed), want)).toBeLessThan(1e-4);
    expect(f.psi).toBeNull(); // the adjoint consumed it
    expect(relErr(runBackward(f, seed), want)).toBeLessThan(1e-4);
    const first = runForward(prog, th, rows);
    for (let i = 0; i < 3; i++) runForward(prog, th, rows);
    expect(first.psi).toBeNull(); // evicted
    expect(relErr(runBackward(first, seed), want)).toBeLessThan(1e-4);
    theta.dispose();
  });

  test('GPU buffers and tensors stay flat across training steps', () => {
    const c = hepAnsatz(6, 2),
      theta = thetaFor(c, 4, 'flat'),
      data = tf.fill([1, 64], 1 / 64) as tf.Tensor2D;
    const step = () =>
      tf.tidy(() =>
        tf
          .grad((t: tf.Tensor) =>
            tf.sum(cudaEngine.loss!(c, t as tf.Tensor2D, data, { loss: 'mmd', orderWeights: mmdOrderWeights(6, [1]) })),
          )(theta)
          .dataSync(),
      );
    step();
    const buffers = session().driver.liveBuffers,
      bytes = hooks.liveBytes();
    expectNoLeak(step, 4);
    expect(session().driver.liveBuffers).toBe(buffers);
    expect(hooks.liveBytes()).toBe(bytes);
    expect(session().driver.liveBytes).toBe(bytes); // plateau's count = the driver's
    tf.dispose([theta, data]);
  });

  afterAll(() => {
    if (!hooks) return;
    const never = hooks.kernelNames().filter((k) => k !== 'probe_args' && hooks.kernelLaunches(k) === 0);
    expect(never).toEqual([]);
  });
});
