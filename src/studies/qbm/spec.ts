/**
 * The options of the QBM study (`npm run qbm`, [O] §4.4): the gradient scan over n_h and the training runs; the
 * command's defaults and the smallest value of each number. Sizes: a QBM is diagonalised exactly, up to
 * QBM_MAX_QUBITS (models/qbm.ts), checked by the command.
 */

export interface QbmStudyOptions {
  nVisible: number;
  nHidden: number[];
  draws: number;
  width: number;
  trainVisible: number;
  trainHidden: number[];
  steps: number;
  lr: number;
  seeds: number;
  seed: number;
}

export const QBM_DEFAULTS: QbmStudyOptions = {
  nVisible: 1,
  nHidden: [0, 1, 2, 3, 4, 5],
  draws: 40,
  width: 1,
  trainVisible: 2,
  trainHidden: [0, 1, 2],
  steps: 100,
  lr: 0.1,
  seeds: 2,
  seed: 1,
};

/** The smallest value of each option the command accepts (for a list: of each entry); width and lr must exceed it. */
export const QBM_MINIMUMS: Record<keyof QbmStudyOptions, number> = {
  nVisible: 1,
  nHidden: 0,
  draws: 3,
  width: 0,
  trainVisible: 1,
  trainHidden: 0,
  steps: 1,
  lr: 0,
  seeds: 1,
  seed: 0,
};
