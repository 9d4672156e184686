/**
 * Registers plateau's WGSL kernels (names.ts, programs.ts) for tfjs's `webgpu` backend, with their gradients, in one
 * explicit call (initBackend makes it when it starts webgpu; nothing registers on import). Gradients are written with
 * the kernels themselves: the state's cotangent is the transposed map (Uᵀ, e^{+iφ}, Rᵀ), parameter cotangents come
 * from chunked reduction kernels whose chunks are summed with tf ops. Reductions over rows of a shared (batch-1)
 * parameter also sum over the batch.
 */
import * as tf from '@tensorflow/tfjs';
import {
  ApplyMat2Attrs,
  BitPermuteAttrs,
  PauliRotationAttrs,
  PhaseAttrs,
  PLATEAU_KERNEL_NAMES,
  PlateauApplyMat2,
  PlateauBitPermute,
  PlateauBornProbs,
  PlateauBornProbsGrad,
  PlateauMat2Outer,
  PlateauPauliPhiGrad,
  PlateauPauliRotation,
  PlateauPhase,
  PlateauPhaseCoefGrad,
  PlateauWalsh,
} from './names';
import {
  bitPermuteProgram,
  bornGradProgram,
  bornProgram,
  chunking,
  GpuProgram,
  mat2OuterProgram,
  mat2Program,
  pauliPhiGradProgram,
  pauliProgram,
  PHASE_TERMS_PER_PASS,
  phaseCoefGradProgram,
  phaseProgram,
  Uniforms,
} from './programs';
import { walshLocalProgram, walshRoundProgram, WALSH_TILE } from './walshPrograms';

const BACKEND = 'webgpu';

/** The part of tfjs-backend-webgpu's WebGPUBackend that the kernels use. */
interface GpuBackend {
  runWebGPUProgram(program: GpuProgram, inputs: tf.TensorInfo[], dtype: 'float32', uniforms?: Uniforms): tf.TensorInfo;
  disposeData(dataId: tf.DataId): boolean;
}

const ints = (...v: number[]): Uniforms => v.map((x) => ({ type: 'int32', data: [x] }));
const log2 = (x: number) => Math.round(Math.log2(x));
const run = (name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap = {}) =>
  tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;

function kernel(
  kernelName: string,
  fn: (inputs: Record<string, tf.TensorInfo>, b: GpuBackend, attrs: tf.NamedAttrMap) => tf.TensorInfo,
): tf.KernelConfig {
  // Every input named by a kernel's caller in ops.ts/walsh.ts is present; tfjs types them as optional.
  return {
    kernelName,
    backendName: BACKEND,
    kernelFunc: ({ inputs, backend, attrs }) =>
      fn(inputs as Record<string, tf.TensorInfo>, backend as GpuBackend, attrs ?? {}),
  };
}

/** Sums chunk partials [rows·nChunks, k] to [rows, k], then over rows too when the parameter was shared (`shared`). */
function sumChunks(partial: tf.Tensor, rows: number, shared: boolean): tf.Tensor2D {
  const k = partial.shape[1]!;
  const perRow = tf.sum(tf.reshape(partial, [rows, partial.shape[0] / rows, k]), 1) as tf.Tensor2D;
  return shared && rows > 1 ? (tf.sum(perRow, 0, true) as tf.Tensor2D) : perRow;
}

const KERNELS: tf.KernelConfig[] = [
  kernel(PlateauApplyMat2, ({ state, u }, b, attrs) => {
    const a = attrs as ApplyMat2Attrs,
      [, B, D] = state.shape;
    const uniforms = ints(
      (B * D) / 2,
      a.nQubits - 1 - a.target,
      log2(D),
      B * D,
      a.controls,
      a.transposed ? 1 : 0,
      u.shape[0],
    );
    return b.runWebGPUProgram(mat2Program(B, D), [state, u], 'float32', uniforms);
  }),
  kernel(PlateauMat2Outer, ({ state, dy }, b, attrs) => {
    const a = attrs as ApplyMat2Attrs,
      [, B, D] = state.shape;
    const c = chunking(D / 2, B);
    const uniforms = ints(a.nQubits - 1 - a.target, log2(D), B * D, a.controls, c.chunk, c.nChunks, c.nGroups);
    return b.runWebGPUProgram(mat2OuterProgram(c.nGroups), [state, dy], 'float32', uniforms);
  }),
  kernel(PlateauBitPermute, ({ x }, b, attrs) => {
    const a = attrs as BitPermuteAttrs,
      D = x.shape[x.shape.length - 1];
    const uniforms = ints(
      x.shape.reduce((p, q) => p * q, 1),
      D - 1,
      a.controls,
      a.flip,
      a.parity,
    );
    return b.runWebGPUProgram(bitPermuteProgram(x.shape), [x], 'float32', uniforms);
  }),
  kernel(PlateauPhase, ({ state, coef, masks }, b, attrs) => {
    const [, B, D] = state.shape;
    const uniforms: Uniforms = [
      ...ints(B * D, log2(D), masks.shape[0], coef.shape[0]),
      { type: 'float32', data: [(attrs as PhaseAttrs).sign] },
    ];
    return b.runWebGPUProgram(phaseProgram(B, D), [state, coef, masks], 'float32', uniforms);
  }),
  kernel(PlateauPhaseCoefGrad, ({ y, dy, masks }, b, attrs) => {
    const [, B, D] = y.shape,
      c = chunking(D, B);
    const k0 = attrs.k0 as number,
      kCount = attrs.kCount as number;
    const uniforms = ints(log2(D), B * D, c.chunk, c.nGroups, k0, kCount);
    return b.runWebGPUProgram(phaseCoefGradProgram(c.nGroups, kCount), [y, dy, masks], 'float32', uniforms);
  }),
  kernel(PlateauPauliRotation, ({ state, phi }, b, attrs) => {
    const a = attrs as PauliRotationAttrs,
      [, B, D] = state.shape;
    const uniforms = ints(log2(D), B * D, a.flip, a.zMask, a.signXor, a.rho, phi.shape[0], B * D);
    return b.runWebGPUProgram(pauliProgram(B, D), [state, phi], 'float32', uniforms);
  }),
  kernel(PlateauPauliPhiGrad, ({ state, dy, phi }, b, attrs) => {
    const a = attrs as PauliRotationAttrs,
      [, B, D] = state.shape,
      c = chunking(D, B);
    const uniforms = ints(log2(D), B * D, a.flip, a.zMask, a.signXor, a.rho, phi.shape[0], c.chunk, c.nGroups);
    return b.runWebGPUProgram(pauliPhiGradProgram(c.nGroups), [state, dy, phi], 'float32', uniforms);
  }),
  kernel(PlateauBornProbs, ({ state }, b) => {
    const [, B, D] = state.shape;
    return b.runWebGPUProgram(bornProgram(B, D), [state], 'float32', ints(B * D));
  }),
  kernel(PlateauBornProbsGrad, ({ state, dy }, b) => {
    const [, B, D] = state.shape;
    return b.runWebGPUProgram(bornGradProgram(B, D), [state, dy], 'float32', ints(B * D));
  }),
  kernel(PlateauWalsh, ({ x }, b) => {
    const [B, D] = x.shape;
    const tile = Math.min(D, WALSH_TILE);
    let y = b.runWebGPUProgram(walshLocalProgram(B, D), [x], 'float32', ints(tile, (B * D) / tile));
    for (let k = log2(tile); k < log2(D); k++) {
      const next = b.runWebGPUProgram(walshRoundProgram(B, D), [y], 'float32', ints((B * D) / 2, k));
      b.disposeData(y.dataId); // released once the queued pass has run
      y = next;
    }
    return y;
  }),
];

const GRADIENTS: tf.GradConfig[] = [
  {
    kernelName: PlateauApplyMat2,
    inputsToSave: ['state', 'u'],
    gradFunc: (dy, saved, attrs) => {
      const [state, u] = saved,
        a = attrs as ApplyMat2Attrs,
        g = dy as tf.Tensor;
      return {
        state: () => run(PlateauApplyMat2, { state: g, u }, { ...a, transposed: !a.transposed }),
        u: () => {
          // dL/dU[r][c] = Σ_pairs cot_r·ψ_c (for U applied as is; transposed use gets the transpose).
          const du = tf.reshape(
            sumChunks(run(PlateauMat2Outer, { state, dy: g }, a), state.shape[1]!, u.shape[0] === 1),
            [-1, 4, 4],
          );
          return a.transposed ? tf.transpose(du, [0, 2, 1]) : du;
        },
      };
    },
  },
  {
    kernelName: PlateauBitPermute,
    gradFunc: (dy, _saved, attrs) => ({ x: () => run(PlateauBitPermute, { x: dy as tf.Tensor }, attrs) }),
  },
  {
    kernelName: PlateauPhase,
    inputsToSave: ['coef', 'masks'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [coef, masks, y] = saved,
        sign = (attrs as PhaseAttrs).sign,
        g = dy as tf.Tensor;
      return {
        state: () => run(PlateauPhase, { state: g, coef, masks }, { sign: -sign }),
        coef: () => {
          const K = masks.shape[0],
            parts: tf.Tensor2D[] = [];
          for (let k0 = 0; k0 < K; k0 += PHASE_TERMS_PER_PASS) {
            const kCount = Math.min(PHASE_TERMS_PER_PASS, K - k0);
            parts.push(
              sumChunks(
                run(PlateauPhaseCoefGrad, { y, dy: g, masks }, { k0, kCount }),
                y.shape[1]!,
                coef.shape[0] === 1,
              ),
            );
          }
          const d = parts.length === 1 ? parts[0] : tf.concat(parts, 1);
          return sign === 1 ? d : tf.mul(d, sign);
        },
        masks: () => tf.zerosLike(masks),
      };
    },
  },
  {
    kernelName: PlateauPauliRotation,
    inputsToSave: ['state', 'phi'],
    gradFunc: (dy, saved, attrs) => {
      const [state, phi] = saved,
        a = attrs as PauliRotationAttrs,
        g = dy as tf.Tensor;
      return {
        // Rᵀψ(y) = i^{−ρ}·(−1)^{|(y ⊕ flip ⊕ signXor) & zMask|}·ψ(y ⊕ flip).
        state: () =>
          run(PlateauPauliRotation, { state: g, phi }, { ...a, signXor: a.signXor ^ a.flip, rho: (4 - a.rho) % 4 }),
        phi: () => sumChunks(run(PlateauPauliPhiGrad, { state, dy: g, phi }, a), state.shape[1]!, phi.shape[0] === 1),
      };
    },
  },
  {
    kernelName: PlateauBornProbs,
    inputsToSave: ['state'],
    gradFunc: (dy, saved) => ({ state: () => run(PlateauBornProbsGrad, { state: saved[0], dy: dy as tf.Tensor }) }),
  },
  {
    kernelName: PlateauWalsh,
    gradFunc: (dy) => ({ x: () => run(PlateauWalsh, { x: dy as tf.Tensor }) }),
  },
];

/** Registers every Plateau kernel for the webgpu backend and their gradients; safe to call more than once. */
export function registerPlateauKernels(): void {
  for (const k of KERNELS) if (!tf.getKernel(k.kernelName, BACKEND)) tf.registerKernel(k);
  for (const g of GRADIENTS) if (!tf.getGradient(g.kernelName)) tf.registerGradient(g);
}

/** Whether tensor-engine ops should run as Plateau kernels: the webgpu backend is active and they are registered. */
export function fastKernelsActive(backend: string = tf.getBackend()): boolean {
  return backend === BACKEND && PLATEAU_KERNEL_NAMES.every((k) => tf.getKernel(k, BACKEND) !== undefined);
}
