/**
 * The CPU engine as tfjs ops: θ [batch, nParams] → probabilities [batch, 2^n] or amplitudes, each one differentiable
 * op (tf.customGrad) whose gradient is the adjoint sweep. The only tfjs file of the CPU engine. Values are computed in
 * Float64 (or float32, kernelSet.ts) and cast to float32 at this boundary. The forward states stay where they were
 * made until the backward pass: a batch in the ψ arena (arena.ts; the backward does not modify it, so a gradient may be
 * taken more than once), a single state in the engine's workspace with its seed λ written beside it (no 2^n copies;
 * n = 24: 256 MB each). Should another op have used that memory in between, the forward runs again first.
 */
import * as tf from '@tensorflow/tfjs';
import { CpuProgram } from './program';
import { HostState } from './forward';
import { activeKernels } from './kernelSet';
import { workspaceEpoch } from './epoch';
import { adjointState, forwardState, runner } from './pool';
import { lambdaArena, psiArena, psiArenaEpoch } from './arena';

function hostInit(init: { re: tf.Tensor2D; im: tf.Tensor2D } | undefined): HostState | undefined {
  if (!init) return undefined;
  return { re: Float64Array.from(init.re.dataSync()), im: Float64Array.from(init.im.dataSync()) };
}

/**
 * One differentiable op θ → f(ψ(θ)): `value` turns the forward states into the output tensor, `seed` turns the
 * output's cotangent into λ = ∂L/∂Re ψ + i ∂L/∂Im ψ for the adjoint sweep, written into `out`.
 */
function cpuOp<T extends tf.Tensor>(
  prog: CpuProgram,
  theta: tf.Tensor2D,
  init: { re: tf.Tensor2D; im: tf.Tensor2D } | undefined,
  value: (psi: HostState, batch: number) => T,
  seed: (dy: Float32Array, psi: HostState, out: HostState) => void,
): T {
  const h0 = hostInit(init);
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const th = args[0] as tf.Tensor;
    const [batch] = th.shape,
      thetaHost = th.dataSync(),
      K = activeKernels();
    const gradient = (g: Float64Array) => tf.tensor2d(Float32Array.from(g), th.shape as [number, number]);
    if (batch === 1) {
      const first = forwardState(K, prog, thetaHost, h0),
        epoch = first.epoch;
      let ws = first.ws;
      return {
        value: value({ re: ws.re, im: ws.im }, 1),
        gradFunc: (dy: tf.Tensor) => {
          if (workspaceEpoch() !== epoch) ({ ws } = forwardState(K, prog, thetaHost, h0));
          seed(dy.dataSync() as Float32Array, { re: ws.re, im: ws.im }, { re: ws.lre, im: ws.lim });
          return gradient(adjointState(K, prog, thetaHost, ws));
        },
      };
    }
    const run = runner(K, prog, thetaHost, batch),
      len = batch * prog.plan.dim;
    const forward = () => {
      const a = psiArena(K, len);
      run.forwardInto(h0, a.psi);
      return a;
    };
    let { psi, epoch } = forward();
    return {
      value: value(psi, batch),
      gradFunc: (dy: tf.Tensor) => {
        if (psiArenaEpoch() !== epoch) ({ psi, epoch } = forward());
        const lambda = lambdaArena(K, len);
        seed(dy.dataSync() as Float32Array, psi, lambda);
        return gradient(run.adjoint(psi, lambda));
      },
    };
  });
  return f(theta) as T;
}

/** θ → |ψ(θ)|², differentiable in θ. `init` is a constant initial state ([batch or 1, 2^n]). */
export function cpuProbs(
  prog: CpuProgram,
  theta: tf.Tensor2D,
  init?: { re: tf.Tensor2D; im: tf.Tensor2D },
): tf.Tensor2D {
  return cpuOp(
    prog,
    theta,
    init,
    (psi, batch) => {
      const p = new Float32Array(psi.re.length);
      for (let k = 0; k < p.length; k++) p[k] = psi.re[k] * psi.re[k] + psi.im[k] * psi.im[k];
      return tf.tensor2d(p, [batch, prog.plan.dim]);
    },
    // λ = 2·dy⊙ψ: d|ψ|² = 2 Re(conj ψ dψ). Plain loops: a mapping Float64Array.from costs a call per amplitude.
    (d, psi, out) => {
      for (let k = 0; k < d.length; k++) {
        out.re[k] = 2 * d[k] * psi.re[k];
        out.im[k] = 2 * d[k] * psi.im[k];
      }
    },
  );
}

/** θ → ψ(θ) packed as [2, batch, 2^n] (re, im), differentiable in θ. */
export function cpuAmplitudes(
  prog: CpuProgram,
  theta: tf.Tensor2D,
  init?: { re: tf.Tensor2D; im: tf.Tensor2D },
): tf.Tensor3D {
  return cpuOp(
    prog,
    theta,
    init,
    (psi, batch) => {
      const packed = new Float32Array(2 * psi.re.length);
      packed.set(psi.re);
      packed.set(psi.im, psi.re.length);
      return tf.tensor3d(packed, [2, batch, prog.plan.dim]);
    },
    (d, psi, out) => {
      out.re.set(d.subarray(0, psi.re.length));
      out.im.set(d.subarray(psi.re.length));
    },
  );
}
