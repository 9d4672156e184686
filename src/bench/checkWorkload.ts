/**
 * bench's `check` workload: correctness of an engine on the machine it runs on (the cuda engine on a GPU, the tensor
 * engine on webgpu) against the CPU engine's Float64 kernels called directly (no tfjs, so the reference works beside
 * any backend): states, Born probabilities and the adjoint gradient of L = Σ w·p for the HEP, HEA and McClean
 * circuits, two rows of θ; and, for engines that reduce losses on the device, MMD/KL/TVD values and gradients
 * against the tfjs losses on CPU-engine probabilities (host backends only). Values are read with `await data()`.
 */
import * as tf from '@tensorflow/tfjs';
import { Circuit } from '../circuit/circuit';
import { compilePlan } from '../circuit/plan';
import { hepAnsatz } from '../circuit/ansatz/hep';
import { hardwareEfficientAnsatz } from '../circuit/ansatz/hardwareEfficient';
import { mcCleanAnsatz } from '../circuit/ansatz/mcclean';
import { adjoint } from '../engines/cpu/adjoint';
import { forward } from '../engines/cpu/forward';
import { jsKernels } from '../engines/cpu/kernelSet';
import { prepareProgram } from '../engines/cpu/prepare';
import { EngineName, getEngine } from '../engines/engine';
import { resolveLoss } from '../losses/registry';
import { createRng } from '../rng';

/** Float32 outputs of float32 or Float64 states: absolute error of amplitudes/probabilities, relative of gradients. */
export const CHECK_TOLERANCE = { state: 1e-4, probs: 1e-5, grad: 1e-3, loss: 1e-4 };

export interface CheckResult {
  bench: 'check';
  engine: EngineName;
  circuit: string;
  qubits: number;
  state_err?: number;
  probs_err?: number;
  grad_rel_err: number;
  loss_rel_err?: number;
  ok: boolean;
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0,
    s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return Math.sqrt(d / Math.max(s, 1e-30));
};
const sig = (x: number) => Number(x.toPrecision(3));

function circuits(n: number): Circuit[] {
  return [
    hepAnsatz(n, 3),
    hardwareEfficientAnsatz({ nQubits: n, layers: 2, topology: 'ring', rotations: ['rx', 'rz'], entangler: 'rzz' }),
    mcCleanAnsatz(n, 4, createRng(n)),
  ];
}

/** One circuit: the engine's states, probabilities and gradient against the CPU engine's kernels. */
async function checkCircuit(engine: EngineName, c: Circuit): Promise<CheckResult> {
  const rows = 2,
    dim = 2 ** c.nQubits,
    rng = createRng(`check-${c.name}`);
  const th = Float32Array.from({ length: rows * c.nParams }, () => 6 * rng.uniform() - 3);
  const w = Float32Array.from({ length: rows * dim }, () => rng.normal());
  const prog = prepareProgram(compilePlan(c)),
    thetaHost = Float64Array.from(th);
  const psi = forward(jsKernels, prog, thetaHost, rows);
  const probs = psi.re.map((r, k) => r * r + psi.im[k] * psi.im[k]);
  const lambda = { re: psi.re.map((r, k) => 2 * w[k] * r), im: psi.im.map((x, k) => 2 * w[k] * x) };
  const grad = adjoint(jsKernels, prog, thetaHost, rows, psi, lambda);
  const e = getEngine(engine),
    theta = tf.tensor2d(th, [rows, c.nParams]),
    wt = tf.tensor2d(w, [rows, dim]);
  const s = e.simulate(c, theta),
    p = e.probs(c, theta);
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(e.probs(c, t as tf.Tensor2D), wt)))(theta);
  const [re, im, pv, gv] = await Promise.all([s.re.data(), s.im.data(), p.data(), g.data()]);
  tf.dispose([theta, wt, s.re, s.im, p, g]);
  const r: CheckResult = {
    bench: 'check',
    engine,
    circuit: c.name ?? 'circuit',
    qubits: c.nQubits,
    state_err: sig(Math.max(maxAbs(re, psi.re), maxAbs(im, psi.im))),
    probs_err: sig(maxAbs(pv, probs)),
    grad_rel_err: sig(rel(gv, grad)),
    ok: false,
  };
  r.ok =
    r.state_err! < CHECK_TOLERANCE.state &&
    r.probs_err! < CHECK_TOLERANCE.probs &&
    r.grad_rel_err < CHECK_TOLERANCE.grad;
  return r;
}

/** The device-reduced losses of an engine that has them, against tfjs losses of CPU-engine probabilities. */
async function checkDeviceLosses(engine: EngineName, n: number): Promise<CheckResult[]> {
  const e = getEngine(engine),
    cpu = getEngine('cpu');
  if (!e.loss) return [];
  const c = hepAnsatz(n, 2),
    rng = createRng(`check-loss-${n}`),
    dim = 2 ** n;
  const theta = tf.tensor2d(
    Float32Array.from({ length: 2 * c.nParams }, () => 6 * rng.uniform() - 3),
    [2, c.nParams],
  );
  const raw = Float32Array.from({ length: dim }, () => rng.uniform() ** 4),
    total = raw.reduce((a, b) => a + b, 0);
  const data = tf.tensor2d(
    raw.map((x) => x / total),
    [1, dim],
  );
  const out: CheckResult[] = [];
  for (const spec of [{ loss: 'mmd', sigmas: [0.5, n / 4, n] }, { loss: 'kl' }, { loss: 'tvd' }]) {
    const loss = resolveLoss(spec, n);
    const vg = (name: EngineName) =>
      tf.valueAndGrad((t: tf.Tensor) => tf.sum(loss.ofCircuit(c, t as tf.Tensor2D, data, { engine: name })))(theta);
    const a = vg(engine),
      b = cpu === e ? a : vg('cpu');
    const [av, ag, bv, bg] = await Promise.all([a.value.data(), a.grad.data(), b.value.data(), b.grad.data()]);
    tf.dispose([a.value, a.grad, b.value, b.grad]);
    const r: CheckResult = {
      bench: 'check',
      engine,
      circuit: `${c.name} ${loss.label}`,
      qubits: n,
      loss_rel_err: sig(rel(av, bv)),
      grad_rel_err: sig(rel(ag, bg)),
      ok: false,
    };
    r.ok = r.loss_rel_err! < CHECK_TOLERANCE.loss && r.grad_rel_err < CHECK_TOLERANCE.grad;
    out.push(r);
  }
  tf.dispose([theta, data]);
  return out;
}

/** Every check of one engine at n qubits. */
export async function engineCheck(engine: EngineName, n: number): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const c of circuits(n)) out.push(await checkCircuit(engine, c));
  out.push(...(await checkDeviceLosses(engine, n)));
  return out;
}
