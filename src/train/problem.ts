/**
 * Everything a run trains on, built once from a resolved config: the data (train/test split of event data; exact
 * distributions are their own test set), the model circuit (n_v visible qubits from the data, plus hidden qubits whose
 * marginal is the model — [O]'s hidden-unit QNN), and the loss of each curriculum phase.
 */
import { Circuit } from '../circuit/circuit';
import { TrainConfig } from '../config/train';
import { Dataset, empiricalDistribution, splitDataset } from '../data/dataset';
import { resolveData } from '../data/spec';
import { ConfigError } from '../errors';
import { resolveLoss, ResolvedLoss } from '../losses/registry';
import { buildAnsatz } from '../models/ansatzSpec';

export interface TrainingProblem {
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

export function buildProblem(config: TrainConfig, opts: { baseDir?: string } = {}): TrainingProblem {
  const dataset = resolveData(config.data, opts);
  const nVisible = dataset.card.nQubits;
  const split = config.testFraction > 0 && !dataset.card.exact ? splitDataset(dataset, config.testFraction, config.seed) : { train: dataset, test: dataset };
  const trainProbs = empiricalDistribution(split.train), testProbs = empiricalDistribution(split.test);
  if (config.hidden > 0 && config.model.ansatz === 'liu-wang' && (config.model.tree ?? 'chow-liu') === 'chow-liu')
    throw new ConfigError('model: a Chow–Liu tree is built on the data qubits and leaves hidden qubits disconnected; use "tree": "line"');
  const circuit = buildAnsatz(config.model, nVisible + config.hidden, { data: trainProbs, seed: config.seed });
  return {
    config, dataset, train: split.train, test: split.test, trainProbs, testProbs, nVisible, circuit,
    visibleQubits: config.hidden > 0 ? [...Array(nVisible).keys()] : null,
    losses: config.phases.map((p, i) => resolveLoss(p.loss, nVisible, `loss.phases.${i}`)),
  };
}
