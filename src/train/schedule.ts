/**
 * The learning rate of a schedule at update t: constant, or [R]'s exponential decay with a floor,
 * lr(t) = max(lr0·e^{−decay·t/k}, min) (config/schedule.ts has the schema, the paper's values and how t is read).
 */
import { Schedule } from '../config/schedule';

/** Learning rate at step t (t = 0 for the first update). */
export function learningRate(s: Schedule, t: number): number {
  return s.kind === 'constant' ? s.lr : Math.max(s.lr0 * Math.exp((-s.decay * t) / (s.updatesPerEpoch ?? 1)), s.min);
}
