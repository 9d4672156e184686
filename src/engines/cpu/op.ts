/**
 * The CPU engine as tfjs ops: θ [batch, nParams] → probabilities [batch, 2^n] or amplitudes, each one differentiable
 * op (tf.customGrad) whose gradient is the adjoint sweep. The only tfjs file of the CPU engine. Values are computed in
 * Float64 and cast to float32 at this boundary. The forward state is kept (in a closure, host memory) for the
 * backward pass, which does not modify it, so a gradient may be taken more than once.
 */
import * as tf from '@tensorflow/tfjs';
import { CpuProgram } from './program';
import { HostState, forward } from './forward';
import { adjoint } from './adjoint';
import { activeKernels, KernelSet } from './kernelSet';
import { adjointParallel, forwardParallel, threadsFor } from './pool';

/** Forward and adjoint for a batch, on worker threads when the batch is large enough. */
function runner(K: KernelSet, prog: CpuProgram, theta: ArrayLike<number>, batch: number) {
  const threads = threadsFor(prog, batch);
  return {
    forward: (init?: HostState) => (threads > 1 ? forwardParallel(K, prog, theta, batch, init, threads) : forward(K, prog, theta, batch, init)),
    adjoint: (psi: HostState, lambda: HostState) =>
      threads > 1 ? adjointParallel(K, prog, theta, batch, psi, lambda, threads) : adjoint(K, prog, theta, batch, psi, lambda),
  };
}

function hostInit(init: { re: tf.Tensor2D; im: tf.Tensor2D } | undefined): HostState | undefined {
  if (!init) return undefined;
  return { re: Float64Array.from(init.re.dataSync()), im: Float64Array.from(init.im.dataSync()) };
}

/** θ → |ψ(θ)|², differentiable in θ. `init` is a constant initial state ([batch or 1, 2^n]). */
export function cpuProbs(prog: CpuProgram, theta: tf.Tensor2D, init?: { re: tf.Tensor2D; im: tf.Tensor2D }): tf.Tensor2D {
  const h0 = hostInit(init);
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const th = args[0] as tf.Tensor;
    const [batch] = th.shape;
    const thv = th.dataSync();
    const run = runner(activeKernels(), prog, thv, batch);
    const psi = run.forward(h0);
    const p = new Float32Array(psi.re.length);
    for (let k = 0; k < p.length; k++) p[k] = psi.re[k] * psi.re[k] + psi.im[k] * psi.im[k];
    return {
      value: tf.tensor2d(p, [batch, prog.plan.dim]),
      gradFunc: (dy: tf.Tensor) => {
        const d = dy.dataSync();
        // λ = 2·dy⊙ψ: d|ψ|² = 2 Re(conj ψ dψ)
        const lambda: HostState = { re: new Float64Array(psi.re.length), im: new Float64Array(psi.re.length) };
        for (let k = 0; k < d.length; k++) {
          lambda.re[k] = 2 * d[k] * psi.re[k];
          lambda.im[k] = 2 * d[k] * psi.im[k];
        }
        return tf.tensor2d(Float32Array.from(run.adjoint(psi, lambda)), th.shape as [number, number]);
      },
    };
  });
  return f(theta) as tf.Tensor2D;
}

/** θ → ψ(θ) packed as [2, batch, 2^n] (re, im), differentiable in θ. */
export function cpuAmplitudes(prog: CpuProgram, theta: tf.Tensor2D, init?: { re: tf.Tensor2D; im: tf.Tensor2D }): tf.Tensor3D {
  const h0 = hostInit(init);
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const th = args[0] as tf.Tensor;
    const [batch] = th.shape;
    const thv = th.dataSync();
    const run = runner(activeKernels(), prog, thv, batch);
    const psi = run.forward(h0);
    const packed = new Float32Array(2 * psi.re.length);
    packed.set(psi.re);
    packed.set(psi.im, psi.re.length);
    return {
      value: tf.tensor3d(packed, [2, batch, prog.plan.dim]),
      gradFunc: (dy: tf.Tensor) => {
        const d = dy.dataSync(), len = psi.re.length;
        const lambda: HostState = { re: Float64Array.from(d.subarray(0, len)), im: Float64Array.from(d.subarray(len)) };
        return tf.tensor2d(Float32Array.from(run.adjoint(psi, lambda)), th.shape as [number, number]);
      },
    };
  });
  return f(theta) as tf.Tensor3D;
}
