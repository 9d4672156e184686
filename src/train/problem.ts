/**
 * Everything a run trains on, built once from a resolved config: the data (train/test split of event data; exact
 * distributions are their own test set), the model circuit (n_v visible qubits from the data, plus hidden qubits whose
 * marginal is the model — [O]'s hidden-unit QNN), and the loss of each curriculum phase. Two kinds:
 *  - 'exact': a circuit read through the state-vector engines (probabilities [2^n]);
 *  - 'iqp': an IQP Born machine trained with the Monte-Carlo MMD from bit rows at any n; where 2^n fits (n ≤ 20) it
 *    also carries the 'exact' view of the same model (its circuit, p̃ of train and test) for the exact metrics.
 */
import { WeightedRows } from '../data/bitRows';
import { Circuit } from '../circuit/circuit';
import { TrainConfig } from '../config/train';
import { DataCard, Dataset, empiricalDistribution, splitDataset } from '../data/dataset';
import { resolveData } from '../data/spec';
import { loadWideDataset, splitWide, wideFromDataset, WideDataset } from '../data/wideData';
import { ConfigError } from '../errors';
import { resolveLoss, ResolvedLoss } from '../losses/registry';
import { ansatzSize, buildAnsatz } from '../models/ansatzSpec';
import { checkRequest } from '../memory';
import { IQP_STATE_VECTOR_QUBITS, iqpCircuit } from '../models/iqp/circuit';
import { Generators } from '../models/iqp/generators';
import { iqpGeneratorsOf } from '../models/iqp/spec';
import { resolveProjectPath } from '../paths';
import * as path from 'path';

export interface ExactProblem {
  kind: 'exact';
  config: TrainConfig;
  dataset: Dataset;
  train: Dataset;
  test: Dataset;
  /** p̃ of the training and test data, [2^n_v]. */
  trainProbs: Float64Array;
  testProbs: Float64Array;
  nVisible: number;
  circuit: Circuit;
  /** Qubits whose marginal is the model (0..n_v−1), or null when there are no hidden qubits. */
  visibleQubits: number[] | null;
  losses: ResolvedLoss[];
}

export interface IqpProblem {
  kind: 'iqp';
  config: TrainConfig;
  card: DataCard;
  nVisible: number;
  generators: Generators;
  trainRows: WeightedRows;
  testRows: WeightedRows;
  losses: ResolvedLoss[];
  /** The same model and split read exactly, when 2^n fits (n ≤ 20); null beyond. */
  exact: ExactProblem | null;
}

export type TrainingProblem = ExactProblem | IqpProblem;

/** Parameters of the trained model. */
export const nParamsOf = (p: TrainingProblem): number => (p.kind === 'iqp' ? p.generators.count : p.circuit.nParams);
/** The data card of the run. */
export const cardOf = (p: TrainingProblem): DataCard => (p.kind === 'iqp' ? p.card : p.dataset.card);

export function buildProblem(config: TrainConfig, opts: { baseDir?: string } = {}): TrainingProblem {
  return config.model.ansatz === 'iqp' ? buildIqpProblem(config, opts) : buildExactProblem(config, opts);
}

function buildExactProblem(
  config: TrainConfig,
  opts: { baseDir?: string },
  circuitOf?: (trainProbs: Float64Array, ds: Dataset) => Circuit,
): ExactProblem {
  const dataset = resolveData(config.data, opts);
  const nVisible = dataset.card.nQubits;
  const split =
    config.testFraction > 0 && !dataset.card.exact
      ? splitDataset(dataset, config.testFraction, config.seed)
      : { train: dataset, test: dataset };
  const trainProbs = empiricalDistribution(split.train),
    testProbs = empiricalDistribution(split.test);
  if (config.hidden > 0 && config.model.ansatz === 'liu-wang' && (config.model.tree ?? 'chow-liu') === 'chow-liu')
    throw new ConfigError(
      'model: a Chow–Liu tree is built on the data qubits and leaves hidden qubits disconnected; use "tree": "line"',
    );
  if (config.eval.kBody > nVisible)
    throw new ConfigError(
      `eval.kBody: ${config.eval.kBody}-body marginals need at least ${config.eval.kBody} qubits; the data have ${nVisible} qubits`,
    );
  checkModelMemory(config, nVisible);
  const circuit = circuitOf
    ? circuitOf(trainProbs, dataset)
    : buildAnsatz(config.model, nVisible + config.hidden, {
        data: trainProbs,
        seed: config.seed,
        qubitMap: dataset.card.qubitMap,
      });
  if (circuit.nParams === 0)
    throw new ConfigError(
      `model: the ${config.model.ansatz} ansatz with ${'layers' in config.model ? `layers ${config.model.layers}` : 'these settings'} has no parameters to train`,
    );
  return {
    kind: 'exact',
    config,
    dataset,
    train: split.train,
    test: split.test,
    trainProbs,
    testProbs,
    nVisible,
    circuit,
    visibleQubits: config.hidden > 0 ? [...Array(nVisible).keys()] : null,
    losses: config.phases.map((p, i) => resolveLoss(p.loss, nVisible, `loss.phases.${i}`)),
  };
}

/** Data of an IQP run: a ≤ 30-qubit dataset through the usual reader, wider folders as bit rows. */
function iqpData(config: TrainConfig, opts: { baseDir?: string }): { wide: WideDataset; dataset: Dataset | null } {
  const spec = config.data;
  if ('path' in spec) {
    const dir = opts.baseDir ? path.resolve(opts.baseDir, spec.path) : resolveProjectPath(spec.path);
    const wide = loadWideDataset(dir);
    if (wide.card.nQubits > 30) return { wide, dataset: null };
  }
  const dataset = resolveData(spec, opts);
  return { wide: wideFromDataset(dataset), dataset };
}

function buildIqpProblem(config: TrainConfig, opts: { baseDir?: string }): IqpProblem {
  if (config.model.ansatz !== 'iqp') throw new ConfigError('buildIqpProblem: not an iqp model');
  const { wide } = iqpData(config, opts),
    n = wide.card.nQubits;
  const generators = iqpGeneratorsOf(config.model, n, wide.card.qubitMap);
  const { train, test } = splitWide(wide, config.testFraction, config.seed);
  const exact = n <= IQP_STATE_VECTOR_QUBITS ? buildExactProblem(config, opts, () => iqpCircuit(generators)) : null;
  return {
    kind: 'iqp',
    config,
    card: wide.card,
    nVisible: n,
    generators,
    trainRows: train,
    testRows: test,
    exact,
    losses: config.phases.map((p, i) => resolveLoss(p.loss, n, `loss.phases.${i}`)),
  };
}

/**
 * Refuses, before the circuit is built, a model whose state vectors or gate list cannot fit (memory.ts): the message
 * names the config keys that set the size (data qubits, hidden, model.layers).
 */
export function checkModelMemory(config: TrainConfig, nVisible: number, where = ''): void {
  const n = nVisible + config.hidden,
    size = ansatzSize(config.model, n);
  const layers =
    'layers' in config.model && config.model.layers !== undefined ? `, model.layers ${config.model.layers}` : '';
  // with shots, one evaluation keeps the shot indices of every row it samples: 2P + 1 rows for parameter shift
  const shots = config.shots === null ? '' : `, shots ${config.shots}`,
    samples = (config.shots ?? 0) * (2 * size.gates + 1);
  checkRequest(
    `${where}model of ${n} qubits (${nVisible} from the data${config.hidden ? `, hidden ${config.hidden}` : ''}${layers}${shots})`,
    { qubits: n, gates: size.gates, values: 16 * size.gates, samples },
  );
}
