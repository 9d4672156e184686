/**
 * The options of the entanglement study (`npm run entanglement`, [O] §4.1–3): the n_h scan of trace distances and
 * gradient variances, the entropy-vs-depth scan and its area/volume-law verdicts; the command's defaults and the
 * smallest value each option takes (the command line checks them; memory sizes are checked there too).
 */

export interface EntanglementStudyOptions {
  nVisible: number;
  nHidden: number[];
  instances: number;
  draws: number;
  layers: number;
  qubits: number;
  depths: number[];
  depthInstances: number;
  seed: number;
}

export const ENTANGLEMENT_DEFAULTS: EntanglementStudyOptions = {
  nVisible: 1,
  nHidden: [0, 1, 2, 3, 4, 5, 6, 7, 8],
  instances: 1000,
  draws: 500,
  layers: 1,
  qubits: 8,
  depths: [0, 1, 2, 3, 4, 6, 8, 12],
  depthInstances: 100,
  seed: 1,
};

/** The smallest value of each option the command accepts (for a list: of each entry). */
export const ENTANGLEMENT_MINIMUMS: Record<keyof EntanglementStudyOptions, number> = {
  nVisible: 1,
  nHidden: 0,
  instances: 2,
  draws: 3,
  layers: 1,
  qubits: 6,
  depths: 0,
  depthInstances: 2,
  seed: 0,
};
