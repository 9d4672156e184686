/**
 * Losses named as data, for configs and command lines: `{"loss": "mmd", "sigmas": [0.01, "n/4", "n"]}`,
 * `{"loss": "kl", "epsilon": 1e-6}`, `{"loss": "renyi", "alpha": 2}`, `{"loss": "tvd", "convention": "half"}`, a bare
 * name ("lqf"), or the same as shorthand text, as command lines write them: "mmd(0.01;n/4;n)", "kl(1e-6)", "tvd(half)". Validated with zod; every problem becomes one ConfigError line naming the key. `resolveLoss(spec, n)`
 * gives a ResolvedLoss: what the loss reads (the model's Born distribution q_θ, or for the quantum losses the
 * distribution of U(θ)†|φ⟩) and per-row functions of it. Names: kl, rkl, js, tvd, fidelity, renyi, mmd, qf, lqf.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { Circuit } from '../circuit/circuit';
import { EngineChoice, getEngine, probs as engineProbs } from '../engines/engine';
import type { DeviceLoss } from '../engines/cuda/losses';
import { ConfigError, zodConfigError } from '../errors';
import { BANDWIDTH_SYNTAX, parseBandwidth, resolveBandwidth } from './bandwidth';
import { mmdOrderWeights } from './mmd';
import {
  DEFAULT_EPSILON,
  fidelityLoss,
  jensenShannonLoss,
  klLoss,
  renyiLoss,
  reverseKlLoss,
  tvdLoss,
} from './explicit';
import { Distribution, mmdFromSamples } from './mmdSamples';
import { globalFidelityFromProbs, inverseProbs, localFidelityFromProbs } from './quantum';

const epsilon = z.number().min(0).max(1).optional();
const bandwidth = z.union([
  z.number().positive(),
  z.string().refine((s) => parseBandwidth(s) !== null, `malformed bandwidth (expected ${BANDWIDTH_SYNTAX})`),
]);

const SCHEMAS = {
  kl: z.strictObject({ loss: z.literal('kl'), epsilon }),
  rkl: z.strictObject({ loss: z.literal('rkl'), epsilon }),
  js: z.strictObject({ loss: z.literal('js') }),
  tvd: z.strictObject({ loss: z.literal('tvd'), convention: z.enum(['sum', 'half']).optional() }),
  fidelity: z.strictObject({ loss: z.literal('fidelity') }),
  // α = 1 is the KL divergence (its limit, which renyiLoss computes); just beside 1, 1/(α−1) amplifies the float32
  // rounding of Σ p^α q^{1−α} ≈ 1 into the loss, so 0 < |α − 1| < 1e-3 is refused
  renyi: z.strictObject({
    loss: z.literal('renyi'),
    alpha: z
      .number()
      .positive()
      .refine(
        (a) => a === 1 || Math.abs(a - 1) >= 1e-3,
        'within 1e-3 of 1, where 1/(α−1) amplifies float32 rounding; use 1 (the KL divergence) or |α − 1| ≥ 1e-3',
      ),
    epsilon,
  }),
  mmd: z.strictObject({
    loss: z.literal('mmd'),
    sigmas: z.array(bandwidth).min(1),
    estimator: z.enum(['v', 'u']).optional(),
    /** Monte-Carlo sample counts of IQP models (models/iqp/mmd.ts): masks a and z samples per estimate. */
    samples: z.strictObject({ a: z.number().int().min(1), z: z.number().int().min(2) }).optional(),
  }),
  qf: z.strictObject({ loss: z.literal('qf') }),
  lqf: z.strictObject({ loss: z.literal('lqf') }),
};

export const LOSS_NAMES = Object.keys(SCHEMAS) as LossName[];
export type LossName = keyof typeof SCHEMAS;
/** The schema of a loss object, for embedding in larger config schemas (bare names are accepted by parseLossSpec). */
export const lossSpecSchema = z.discriminatedUnion('loss', [
  SCHEMAS.kl,
  SCHEMAS.rkl,
  SCHEMAS.js,
  SCHEMAS.tvd,
  SCHEMAS.fidelity,
  SCHEMAS.renyi,
  SCHEMAS.mmd,
  SCHEMAS.qf,
  SCHEMAS.lqf,
]);
export type LossSpec = z.infer<typeof lossSpecSchema>;

/**
 * Shorthand "name(a;b;…)" → a loss object; null when the text is not shorthand. The one text form of a loss on every
 * command line and in every config: "mmd(n/4)", "mmd(0.01;n/4;n)" (averaged kernel), "mmd(1;u)" (U-statistic),
 * "kl(1e-6)" / "rkl(1e-6)" (ε), "tvd(half)", "renyi(2)" or "renyi(2;1e-6)"; a bare name ("lqf") has no arguments.
 */
export function lossFromShorthand(s: string, where: string): unknown {
  const m = /^([a-z-]+)\s*(?:\((.*)\))?$/.exec(s.trim());
  if (!m) return null;
  const name = m[1],
    args =
      m[2] === undefined
        ? []
        : m[2]
            .split(';')
            .map((a) => a.trim())
            .filter(Boolean);
  const numArg = (a: string) => {
    const v = Number(a);
    if (!Number.isFinite(v)) throw new ConfigError(`${where}: "${s}": expected a number, got "${a}"`);
    return v;
  };
  if (args.length === 0) return { loss: name };
  switch (name) {
    case 'mmd': {
      const est = args[args.length - 1];
      const estimator = est === 'u' || est === 'v' ? est : undefined;
      const sigmas = (estimator ? args.slice(0, -1) : args).map((a) => (/^[\d.eE+-]+$/.test(a) ? Number(a) : a));
      return { loss: 'mmd', sigmas, ...(estimator ? { estimator } : {}) };
    }
    case 'kl':
    case 'rkl':
      return { loss: name, epsilon: numArg(args[0]) };
    case 'tvd':
      return { loss: 'tvd', convention: args[0] };
    case 'renyi':
      return { loss: 'renyi', alpha: numArg(args[0]), ...(args[1] !== undefined ? { epsilon: numArg(args[1]) } : {}) };
    default:
      throw new ConfigError(`${where}: loss "${name}" takes no arguments, got "${s}"`);
  }
}

/**
 * Validates a loss given as an object, a JSON string, a bare name or shorthand ("mmd(n/4)"). `where` prefixes messages
 * (e.g. "run.json: loss").
 */
export function parseLossSpec(raw: unknown, where = 'loss'): LossSpec {
  let v = raw;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s.startsWith('{')) {
      try {
        v = JSON.parse(s);
      } catch (e) {
        throw new ConfigError(`${where}: not valid JSON (${(e as Error).message})`);
      }
    } else v = lossFromShorthand(s, where) ?? { loss: s };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ConfigError(`${where}: expected an object with a "loss" key or a loss name, got ${JSON.stringify(raw)}`);
  const name = (v as { loss?: unknown }).loss;
  if (typeof name !== 'string' || !Object.hasOwn(SCHEMAS, name))
    throw new ConfigError(`${where}: unknown loss ${JSON.stringify(name)} (known: ${LOSS_NAMES.join(', ')})`);
  const r = SCHEMAS[name as LossName].safeParse(v);
  if (!r.success) throw zodConfigError(r.error, where, v);
  return r.data as LossSpec;
}

export interface ResolvedLoss {
  spec: LossSpec;
  /** Human-readable name with its conventions, e.g. "MMD σ∈{0.01, 3, 12}", "TVD Σ|p−q|". */
  label: string;
  nQubits: number;
  /** Resolved bandwidths (MMD only). */
  sigmas?: number[];
  /** True for the quantum losses: they need amplitudes (U(θ)† acting on |φ⟩), not only q_θ. */
  needsAmplitudes: boolean;
  /** Which distribution the loss is a function of: q_θ = |U(θ)|0⟩|² ('model') or |U(θ)†|φ⟩|² ('inverse'). */
  reads: 'model' | 'inverse';
  /** Per-row loss [B] from that distribution [B, 2^n] and the data p̃ [1 or B, 2^n] (unused by 'inverse' losses). */
  ofProbs(probs: tf.Tensor2D, data: tf.Tensor2D): tf.Tensor1D;
  /** As ofProbs, with shot counts: MMD's U-statistic needs them, the other losses ignore them. */
  ofDistributions(model: Distribution, data: Distribution): tf.Tensor1D;
  /** The distribution the loss reads, for a circuit at θ [B, nParams]: [B, 2^n], differentiable. */
  readProbs(circuit: Circuit, theta: tf.Tensor2D, data: tf.Tensor2D, opts?: { engine?: EngineChoice }): tf.Tensor2D;
  /** Per-row exact loss of a circuit at θ: ofProbs(readProbs(…)); differentiable in θ. */
  ofCircuit(circuit: Circuit, theta: tf.Tensor2D, data: tf.Tensor2D, opts?: { engine?: EngineChoice }): tf.Tensor1D;
}

type Core = Pick<ResolvedLoss, 'label' | 'reads' | 'ofDistributions'> & { sigmas?: number[] };

function core(spec: LossSpec, n: number, where: string): Core {
  const probsOnly = (label: string, f: (q: tf.Tensor2D, p: tf.Tensor2D) => tf.Tensor1D): Core => ({
    label,
    reads: 'model',
    ofDistributions: (m, d) => f(m.probs, d.probs),
  });
  const eps = (e?: number) => {
    const v = e ?? DEFAULT_EPSILON;
    return v !== 0 && v < 1e-3 ? v.toExponential() : String(v);
  };
  switch (spec.loss) {
    case 'kl':
      return probsOnly(`KL(p‖q) ε=${eps(spec.epsilon)}`, (q, p) => klLoss(q, p, { epsilon: spec.epsilon }));
    case 'rkl':
      return probsOnly(`KL(q‖p) ε=${eps(spec.epsilon)}`, (q, p) => reverseKlLoss(q, p, { epsilon: spec.epsilon }));
    case 'js':
      return probsOnly('JS', jensenShannonLoss);
    case 'tvd': {
      const convention = spec.convention ?? 'sum';
      return probsOnly(convention === 'sum' ? 'TVD Σ|p−q|' : 'TVD ½Σ|p−q|', (q, p) => tvdLoss(q, p, { convention }));
    }
    case 'fidelity':
      return probsOnly('1 − Σ√(pq)', fidelityLoss);
    case 'renyi':
      return probsOnly(`Rényi α=${spec.alpha} ε=${eps(spec.epsilon)}`, (q, p) =>
        renyiLoss(q, p, { alpha: spec.alpha, epsilon: spec.epsilon }),
      );
    case 'mmd': {
      const sigmas = spec.sigmas.map((s, i) => resolveBandwidth(s, n, `${where}.sigmas.${i}`));
      const est = spec.estimator ?? 'v';
      const label = `MMD σ∈{${sigmas.map((s) => +s.toPrecision(4)).join(', ')}}${est === 'u' ? ' (U-statistic from shots)' : ''}`;
      return {
        label,
        reads: 'model',
        sigmas,
        ofDistributions: (m, d) => mmdFromSamples(m, d, sigmas, { estimator: est }),
      };
    }
    case 'qf':
      return { label: 'QF 1 − |⟨φ|ψ⟩|²', reads: 'inverse', ofDistributions: (m) => globalFidelityFromProbs(m.probs) };
    case 'lqf':
      return {
        label: 'LQF 1 − ⟨φ|U H_L U†|φ⟩',
        reads: 'inverse',
        ofDistributions: (m) => localFidelityFromProbs(m.probs),
      };
  }
}

/** The losses an engine may reduce where its states live (Engine.loss): exact MMD (V-statistic), KL and TVD. */
function deviceLoss(spec: LossSpec, sigmas: number[] | undefined, nQubits: number): DeviceLoss | null {
  if (spec.loss === 'mmd' && (spec.estimator ?? 'v') === 'v')
    return { loss: 'mmd', orderWeights: mmdOrderWeights(nQubits, sigmas!) };
  if (spec.loss === 'kl') return { loss: 'kl', epsilon: spec.epsilon ?? DEFAULT_EPSILON };
  if (spec.loss === 'tvd') return { loss: 'tvd', half: spec.convention === 'half' };
  return null;
}

/** Builds the loss functions for n qubits from a spec (validated here too, so raw input is fine). */
export function resolveLoss(raw: unknown, nQubits: number, where = 'loss'): ResolvedLoss {
  const spec = parseLossSpec(raw, where);
  if (!(Number.isInteger(nQubits) && nQubits >= 1))
    throw new ConfigError(`${where}: nQubits must be a positive integer, got ${nQubits}`);
  const c = core(spec, nQubits, where);
  const onDevice = c.reads === 'model' ? deviceLoss(spec, c.sigmas, nQubits) : null;
  const readProbs: ResolvedLoss['readProbs'] = (circuit, theta, data, opts = {}) =>
    c.reads === 'model'
      ? engineProbs(circuit, theta, { engine: opts.engine })
      : inverseProbs(circuit, theta, data, opts);
  return {
    spec,
    label: c.label,
    nQubits,
    sigmas: c.sigmas,
    reads: c.reads,
    needsAmplitudes: c.reads === 'inverse',
    ofDistributions: (m, d) => tf.tidy(() => c.ofDistributions(m, d)),
    ofProbs: (q, p) => tf.tidy(() => c.ofDistributions({ probs: q }, { probs: p })),
    readProbs: (circuit, theta, data, opts) => tf.tidy(() => readProbs(circuit, theta, data, opts)),
    ofCircuit: (circuit, theta, data, opts = {}) =>
      tf.tidy(() => {
        const engine = getEngine(opts.engine);
        if (onDevice && engine.loss) return engine.loss(circuit, theta, data, onDevice);
        return c.ofDistributions({ probs: readProbs(circuit, theta, data, opts) }, { probs: data });
      }),
  };
}
