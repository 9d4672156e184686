/**
 * The options of the gradient-free study (`npm run gradient-free`, [O] §4.3): which optimisers, models and budgets; the
 * command's defaults, the smallest value of each number, and the optimiser list read from text.
 */
import { ConfigError } from '../../errors';

export const OPTIMIZER_NAMES = ['adam', 'spsa', 'nelder-mead', 'cma-es'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export interface GradientFreeOptions {
  nVisible: number;
  /** Hidden-qubit counts of the plateaued (and decoupled) models. */
  nHidden: number[];
  layers: number;
  seeds: number;
  /** Loss evaluations per gradient-free run. */
  evaluations: number;
  adamSteps: number;
  lr: number;
  /** Shots per loss evaluation; 0 = exact. */
  shots: number;
  successTvd: number;
  seed: number;
  optimizers?: OptimizerName[];
}

export const GRADIENT_FREE_DEFAULTS: Required<GradientFreeOptions> = {
  nVisible: 2,
  nHidden: [7],
  layers: 1,
  seeds: 6,
  evaluations: 1500,
  adamSteps: 150,
  lr: 0.05,
  shots: 0,
  successTvd: 0.2,
  seed: 1,
  optimizers: [...OPTIMIZER_NAMES],
};

/** The smallest value of each number the command accepts (for a list: of each entry); lr and successTvd must exceed it. */
export const GRADIENT_FREE_MINIMUMS = {
  nVisible: 1,
  nHidden: 1,
  layers: 1,
  seeds: 1,
  evaluations: 10,
  adamSteps: 1,
  lr: 0,
  successTvd: 0,
  seed: 0,
} as const;

/** Optimiser names as given on a command line (`--optimizers adam,spsa`), each one checked. */
export function parseOptimizers(list: string[]): OptimizerName[] {
  return list.map((s) => {
    if (!(OPTIMIZER_NAMES as readonly string[]).includes(s))
      throw new ConfigError(`--optimizers: unknown "${s}" (known: ${OPTIMIZER_NAMES.join(', ')})`);
    return s as OptimizerName;
  });
}
