/**
 * The options of the remedies study (`npm run remedies`, [O] §4.5): which remedies, the model, the training budget;
 * the command's defaults and the smallest value of each number.
 */

export const REMEDY_NAMES = [
  'random',
  'identity-blocks',
  'limited-entanglement',
  'pretrain-local',
  'pretrain-qre',
] as const;
export type RemedyName = (typeof REMEDY_NAMES)[number];

export interface RemedyOptions {
  nVisible: number;
  /** Hidden-qubit counts: every remedy is measured at each. */
  nHidden: number[];
  layers: number;
  couplings: number;
  seeds: number;
  steps: number;
  pretrainSteps: number;
  lr: number;
  /** Shots in the task phase; 0 = exact. */
  shots: number;
  successTvd: number;
  seed: number;
  /** @default 'adam' */
  optimizer?: 'adam' | 'sgd';
  /** Std of the normal jitter added to the mirrored half of identity blocks. @default 0 */
  jitter?: number;
  remedies?: RemedyName[];
}

export const REMEDY_DEFAULTS = {
  nVisible: 2,
  nHidden: [6],
  layers: 2,
  couplings: 1,
  seeds: 10,
  steps: 30,
  pretrainSteps: 30,
  lr: 0.05,
  shots: 0,
  successTvd: 0.2,
  seed: 1,
  optimizer: 'adam',
  jitter: 0.01,
} as const satisfies RemedyOptions;

/** The smallest value of each number the command accepts (for a list: of each entry); lr, jitter and successTvd must exceed it. */
export const REMEDY_MINIMUMS = {
  nVisible: 1,
  nHidden: 1,
  layers: 1,
  couplings: 0,
  seeds: 1,
  steps: 1,
  pretrainSteps: 0,
  lr: 0,
  jitter: 0,
  successTvd: 0,
  seed: 0,
} as const;
