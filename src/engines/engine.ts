/**
 * Three engines behind one differentiable function θ [batch, nParams] → state / probabilities [batch, 2^n]:
 *  - `cpu`: typed-array kernels + adjoint gradients, one tfjs op (fast and lean on the cpu/wasm backends);
 *  - `tensor`: tf ops and the tfjs tape (the GPU path of tfjs; runs on every backend);
 *  - `cuda`: the cpu engine's design with the states in NVIDIA GPU memory, kernels launched through the driver API
 *    (engines/cuda), and MMD/KL/TVD reduced on the device (`loss`).
 * Losses, optimisers and studies call `simulate`/`probs` and never learn which engine ran. `selectEngine` is the only
 * place that chooses. Circuits are treated as immutable values: compiled programs are cached per circuit object.
 */
import * as tf from '@tensorflow/tfjs';
import { isGpuBackend } from '../backend/backend';
import { Circuit, validateCircuit } from '../circuit/circuit';
import { compilePlan } from '../circuit/plan';
import { StateBatch } from '../complex/complex';
import { ConfigError, ShapeError } from '../errors';
import { cpuAmplitudes, cpuProbs } from './cpu/op';
import type { CpuProgram } from './cpu/program';
import { prepareProgram } from './cpu/prepare';
import { fuseChoice, fuseForCpu } from './cpu/fusePolicy';
import { cpuPrecision } from './cpu/kernelSet';
import { prepareTensorProgram, TensorProgram } from './tensor/program';
import { simulatePacked } from './tensor/simulate';
import { bornProbsPacked } from './tensor/ops';
import { fastKernelsActive } from './webgpu/register';
import { autoEngine, cudaUnavailable } from './choice';
import { installBackendHooks } from './backendHooks';
import { cudaAmplitudes, cudaLoss, cudaProbs } from './cuda/op';
import { CudaProgram, prepareCudaProgram } from './cuda/program';
import { releaseCuda } from './cuda/device';
import type { DeviceLoss } from './cuda/losses';
import { executionPolicy } from '../execution';

// The backend starts plateau's kernels and reports the engine choice through these (it imports no engine).
installBackendHooks();

export const ENGINE_NAMES = ['cpu', 'tensor', 'cuda'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];
export type EngineChoice = EngineName | 'auto';

export interface Engine {
  readonly name: EngineName;
  /** Amplitudes ψ(θ_b) = U(θ_b)|init_b⟩, each part [batch, 2^n]; differentiable in θ. */
  simulate(circuit: Circuit, theta: tf.Tensor2D, init?: StateBatch): StateBatch;
  /** Born probabilities |ψ(θ_b)|², [batch, 2^n]; differentiable in θ. */
  probs(circuit: Circuit, theta: tf.Tensor2D, init?: StateBatch): tf.Tensor2D;
  /** Per-row loss [batch] of |ψ(θ)|² against data [1 or batch, 2^n], reduced where the states live (cuda only). */
  loss?(circuit: Circuit, theta: tf.Tensor2D, data: tf.Tensor2D, spec: DeviceLoss): tf.Tensor1D;
}

/**
 * The engine that runs for a request on the active backend: cuda where libcuda and a GPU are present (beside a host
 * backend), else tensor on GPU backends, else cpu (choice.ts). A forced cuda that cannot run is a one-line ConfigError.
 */
const isEngineName = (s: string): s is EngineName => (ENGINE_NAMES as readonly string[]).includes(s);

export function selectEngine(choice: EngineChoice = 'auto', backend: string = tf.getBackend()): EngineName {
  // 'auto' defers to the execution policy (PLATEAU_ENGINE), which is itself 'auto' unless set
  const request: string = choice === 'auto' ? executionPolicy().engine : choice;
  if (request !== 'auto') {
    if (!isEngineName(request)) {
      const from = choice === 'auto' ? ' (PLATEAU_ENGINE)' : '';
      throw new ConfigError(`unknown engine "${request}"${from} (available: auto, ${ENGINE_NAMES.join(', ')})`);
    }
    const notCuda = request === 'cuda' ? cudaUnavailable(backend) : null;
    if (notCuda) throw new ConfigError(`engine cuda cannot run here: ${notCuda}`);
    return request;
  }
  return autoEngine(backend, isGpuBackend(backend)).name;
}

function checkInputs(circuit: Circuit, theta: tf.Tensor2D, init?: StateBatch): void {
  const name = circuit.name ? ` "${circuit.name}"` : '';
  if (theta.rank !== 2 || theta.shape[1] !== circuit.nParams)
    throw new ShapeError(
      `simulate: theta has shape [${theta.shape}], circuit${name} expects [batch, ${circuit.nParams}]`,
    );
  if (init) {
    const [b, d] = init.re.shape;
    if (d !== 2 ** circuit.nQubits || (b !== 1 && b !== theta.shape[0]))
      throw new ShapeError(
        `simulate: initial state has shape [${init.re.shape}], expected [1 or ${theta.shape[0]}, ${2 ** circuit.nQubits}]`,
      );
  }
}

/**
 * Per-circuit compiled programs, keyed by object identity and checked against a cheap fingerprint (size, gate count,
 * active backend, so that a backend switch rebuilds constant tensors on the new backend, whether plateau's webgpu
 * kernels are active, and the CPU engine's fusion setting and precision).
 */
class ProgramCache<P> {
  private readonly map = new WeakMap<Circuit, { key: string; prog: P }>();
  constructor(
    private readonly make: (c: Circuit) => P,
    private readonly onEvict?: (p: P) => void,
  ) {}
  get(c: Circuit): P {
    const key = `${c.nQubits}/${c.nParams}/${c.gates.length}/${tf.getBackend()}/${fastKernelsActive()}/${fuseChoice()}/${cpuPrecision()}`;
    const hit = this.map.get(c);
    if (hit && hit.key === key) return hit.prog;
    if (hit) this.onEvict?.(hit.prog);
    validateCircuit(c);
    const prog = this.make(c);
    this.map.set(c, { key, prog });
    return prog;
  }
}

const cpuPrograms = new ProgramCache<CpuProgram>((c) => prepareProgram(fuseForCpu(compilePlan(c))));

/** The CPU engine's compiled program for a circuit (cached): what bench times and counts passes of. */
export function cpuProgram(circuit: Circuit): CpuProgram {
  return cpuPrograms.get(circuit);
}

// Constant tensors of tensor programs are freed when their circuit is garbage-collected, or by clearEngineCaches().
const liveTensorPrograms = new Set<TensorProgram>();
const disposeProgram = (p: TensorProgram) => {
  if (liveTensorPrograms.delete(p)) tf.dispose(p.tensors);
};
const finalizer = new FinalizationRegistry<TensorProgram>(disposeProgram);
const tensorPrograms = new ProgramCache<TensorProgram>((c) => {
  const p = prepareTensorProgram(compilePlan(c));
  liveTensorPrograms.add(p);
  finalizer.register(c, p);
  return p;
}, disposeProgram);

const cudaPrograms = new ProgramCache<CudaProgram>((c) => prepareCudaProgram(compilePlan(c)));

/** Frees every cached tensor program (their constant tensors) and the cuda engine's GPU memory; rebuilt on next use. */
export function clearEngineCaches(): void {
  for (const p of [...liveTensorPrograms]) disposeProgram(p);
  releaseCuda();
}

export const cpuEngine: Engine = {
  name: 'cpu',
  simulate(circuit, theta, init) {
    checkInputs(circuit, theta, init);
    return tf.tidy(() => {
      const [re, im] = tf.unstack(cpuAmplitudes(cpuPrograms.get(circuit), theta, init));
      return { re: re as tf.Tensor2D, im: im as tf.Tensor2D };
    });
  },
  probs(circuit, theta, init) {
    checkInputs(circuit, theta, init);
    return cpuProbs(cpuPrograms.get(circuit), theta, init);
  },
};

export const tensorEngine: Engine = {
  name: 'tensor',
  simulate(circuit, theta, init) {
    checkInputs(circuit, theta, init);
    const prog = tensorPrograms.get(circuit);
    return tf.tidy(() => {
      const [re, im] = tf.unstack(simulatePacked(prog, theta, init));
      return { re: re as tf.Tensor2D, im: im as tf.Tensor2D };
    });
  },
  probs(circuit, theta, init) {
    checkInputs(circuit, theta, init);
    const prog = tensorPrograms.get(circuit);
    return tf.tidy(() => bornProbsPacked(simulatePacked(prog, theta, init), prog.fast));
  },
};

export const cudaEngine: Engine = {
  name: 'cuda',
  simulate(circuit, theta, init) {
    checkInputs(circuit, theta, init);
    return tf.tidy(() => {
      const [re, im] = tf.unstack(cudaAmplitudes(cudaPrograms.get(circuit), theta, init));
      return { re: re as tf.Tensor2D, im: im as tf.Tensor2D };
    });
  },
  probs(circuit, theta, init) {
    checkInputs(circuit, theta, init);
    return cudaProbs(cudaPrograms.get(circuit), theta, init);
  },
  loss(circuit, theta, data, spec) {
    checkInputs(circuit, theta);
    return cudaLoss(cudaPrograms.get(circuit), theta, data, spec);
  },
};

const ENGINES: Record<EngineName, Engine> = { cpu: cpuEngine, tensor: tensorEngine, cuda: cudaEngine };

export function getEngine(request: EngineChoice = 'auto'): Engine {
  return ENGINES[selectEngine(request)];
}

/** ψ(θ) on the chosen engine (default: the fastest for the active backend). */
export function simulate(
  circuit: Circuit,
  theta: tf.Tensor2D,
  opts: { engine?: EngineChoice; init?: StateBatch } = {},
): StateBatch {
  return getEngine(opts.engine).simulate(circuit, theta, opts.init);
}

/** |ψ(θ)|² on the chosen engine (default: the fastest for the active backend). */
export function probs(
  circuit: Circuit,
  theta: tf.Tensor2D,
  opts: { engine?: EngineChoice; init?: StateBatch } = {},
): tf.Tensor2D {
  return getEngine(opts.engine).probs(circuit, theta, opts.init);
}
