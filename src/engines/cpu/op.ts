/**
 * The CPU engine as tfjs ops: θ [batch, nParams] → probabilities [batch, 2^n] or amplitudes, each one differentiable
 * op (tf.customGrad) whose gradient is the adjoint sweep. The only tfjs file of the CPU engine. Values are computed in
 * Float64 and cast to float32 at this boundary. The forward state is kept (in a closure, host memory) for the
 * backward pass, which does not modify it, so a gradient may be taken more than once.
 */
import * as tf from '@tensorflow/tfjs';
import { CpuProgram } from './program';
import { HostState } from './forward';
import { activeKernels } from './kernelSet';
import { runner } from './pool';

function hostInit(init: { re: tf.Tensor2D; im: tf.Tensor2D } | undefined): HostState | undefined {
  if (!init) return undefined;
  return { re: Float64Array.from(init.re.dataSync()), im: Float64Array.from(init.im.dataSync()) };
}

/**
 * One differentiable op θ → f(ψ(θ)): `value` turns the forward states into the output tensor, `seed` turns the
 * output's cotangent into λ = ∂L/∂Re ψ + i ∂L/∂Im ψ for the adjoint sweep.
 */
function cpuOp<T extends tf.Tensor>(
  prog: CpuProgram, theta: tf.Tensor2D, init: { re: tf.Tensor2D; im: tf.Tensor2D } | undefined,
  value: (psi: HostState, batch: number) => T, seed: (dy: Float32Array, psi: HostState) => HostState,
): T {
  const h0 = hostInit(init);
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const th = args[0] as tf.Tensor;
    const [batch] = th.shape;
    const run = runner(activeKernels(), prog, th.dataSync(), batch);
    const psi = run.forward(h0);
    return {
      value: value(psi, batch),
      gradFunc: (dy: tf.Tensor) => tf.tensor2d(Float32Array.from(run.adjoint(psi, seed(dy.dataSync() as Float32Array, psi))), th.shape as [number, number]),
    };
  });
  return f(theta) as T;
}

/** θ → |ψ(θ)|², differentiable in θ. `init` is a constant initial state ([batch or 1, 2^n]). */
export function cpuProbs(prog: CpuProgram, theta: tf.Tensor2D, init?: { re: tf.Tensor2D; im: tf.Tensor2D }): tf.Tensor2D {
  return cpuOp(
    prog, theta, init,
    (psi, batch) => {
      const p = new Float32Array(psi.re.length);
      for (let k = 0; k < p.length; k++) p[k] = psi.re[k] * psi.re[k] + psi.im[k] * psi.im[k];
      return tf.tensor2d(p, [batch, prog.plan.dim]);
    },
    // λ = 2·dy⊙ψ: d|ψ|² = 2 Re(conj ψ dψ). Plain loops: a mapping Float64Array.from costs a call per amplitude.
    (d, psi) => {
      const len = psi.re.length, re = new Float64Array(len), im = new Float64Array(len);
      for (let k = 0; k < len; k++) {
        re[k] = 2 * d[k] * psi.re[k];
        im[k] = 2 * d[k] * psi.im[k];
      }
      return { re, im };
    },
  );
}

/** θ → ψ(θ) packed as [2, batch, 2^n] (re, im), differentiable in θ. */
export function cpuAmplitudes(prog: CpuProgram, theta: tf.Tensor2D, init?: { re: tf.Tensor2D; im: tf.Tensor2D }): tf.Tensor3D {
  return cpuOp(
    prog, theta, init,
    (psi, batch) => {
      const packed = new Float32Array(2 * psi.re.length);
      packed.set(psi.re);
      packed.set(psi.im, psi.re.length);
      return tf.tensor3d(packed, [2, batch, prog.plan.dim]);
    },
    (d, psi) => ({ re: Float64Array.from(d.subarray(0, psi.re.length)), im: Float64Array.from(d.subarray(psi.re.length)) }),
  );
}
