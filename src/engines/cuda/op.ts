/**
 * The cuda engine as tfjs ops, in the CPU engine's design (cpu/op.ts): θ [batch, nParams] → probabilities, amplitudes
 * or per-row losses, each one differentiable op (tf.customGrad) whose gradient is the adjoint sweep on the GPU. θ is
 * read synchronously (dataSync), so the tfjs backend must hold tensors on the host (cpu, wasm, tensorflow); selectEngine
 * ensures it. Values cross the bus as float32 (probabilities, amplitudes) or Float64 (losses); gradients as float32.
 */
import * as tf from '@tensorflow/tfjs';
import { arg } from './args';
import { DeviceBuffer } from './driver';
import { Launcher } from './launch';
import { DeviceLoss, lossValues, seedLoss } from './losses';
import { CudaProgram } from './program';
import { Forward, HostInit, readAmplitudes, readProbs, runBackward, runForward, session } from './runtime';

type Seed = (L: Launcher, psi: DeviceBuffer, lam: DeviceBuffer, dy: tf.Tensor) => void;

function hostInit(init: { re: tf.Tensor2D; im: tf.Tensor2D } | undefined): HostInit | undefined {
  if (!init) return undefined;
  return { re: Float32Array.from(init.re.dataSync()), im: Float32Array.from(init.im.dataSync()) };
}

/** One differentiable op θ → value(ψ(θ)); `seed` writes λ from the output's cotangent. */
function cudaOp<T extends tf.Tensor>(
  prog: CudaProgram,
  theta: tf.Tensor2D,
  init: { re: tf.Tensor2D; im: tf.Tensor2D } | undefined,
  value: (f: Forward) => T,
  seed: Seed,
): T {
  const h0 = hostInit(init);
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const th = args[0] as tf.Tensor2D;
    const fwd = runForward(prog, Float64Array.from(th.dataSync()), th.shape[0], h0);
    return {
      value: value(fwd),
      gradFunc: (dy: tf.Tensor) =>
        tf.tensor2d(Float32Array.from(runBackward(fwd, (L, psi, lam) => seed(L, psi, lam, dy))), th.shape),
    };
  });
  return f(theta) as T;
}

/** Uploads a float32 cotangent into a scratch buffer. */
function upload(dy: tf.Tensor): DeviceBuffer {
  const d = dy.dataSync() as Float32Array,
    s = session();
  const buf = s.scratch.get('cotangent', d.byteLength);
  s.driver.upload(buf, d);
  return buf;
}

/** θ → |ψ(θ)|² [batch, 2^n], differentiable in θ; `init` a constant initial state ([batch or 1, 2^n]). */
export function cudaProbs(
  prog: CudaProgram,
  theta: tf.Tensor2D,
  init?: { re: tf.Tensor2D; im: tf.Tensor2D },
): tf.Tensor2D {
  const dim = prog.plan.dim;
  return cudaOp(
    prog,
    theta,
    init,
    (f) => tf.tensor2d(readProbs(f), [f.rows, dim]),
    (L, psi, lam, dy) => L.each('seed_probs', dim, [arg.buf(psi), arg.buf(upload(dy)), arg.buf(lam), arg.u32(dim)]),
  );
}

/** θ → ψ(θ) packed as [2, batch, 2^n] (re, im), differentiable in θ. */
export function cudaAmplitudes(
  prog: CudaProgram,
  theta: tf.Tensor2D,
  init?: { re: tf.Tensor2D; im: tf.Tensor2D },
): tf.Tensor3D {
  const dim = prog.plan.dim;
  return cudaOp(
    prog,
    theta,
    init,
    (f) => tf.tensor3d(readAmplitudes(f), [2, f.rows, dim]),
    (L, _psi, lam, dy) =>
      L.each('seed_amplitudes', dim, [arg.buf(upload(dy)), arg.buf(lam), arg.u32(dim), arg.u64(L.rows * dim)]),
  );
}

/** θ → per-row loss [batch] of |ψ(θ)|² against `data` [1 or batch, 2^n], reduced on the device; differentiable in θ. */
export function cudaLoss(
  prog: CudaProgram,
  theta: tf.Tensor2D,
  data: tf.Tensor2D,
  spec: DeviceLoss,
  init?: { re: tf.Tensor2D; im: tf.Tensor2D },
): tf.Tensor1D {
  return cudaOp(
    prog,
    theta,
    init,
    (f) => tf.tensor1d(Float32Array.from(lossValues(f, data, spec))),
    (L, psi, lam, dy) => seedLoss(L, psi, lam, data, spec, Float64Array.from(dy.dataSync())),
  );
}
