/**
 * Learning-rate schedules: constant, and the exponential decay with a floor that [R] used,
 * lr(t) = max(lr0·e^{−decay·t}, min) with lr0 = 0.01, decay = 0.005, min = 1e-5 (SCIENCE.md §3).
 */
import { z } from 'zod';

export const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), lr: z.number().positive() }).strict(),
  z
    .object({
      kind: z.literal('exponential'),
      lr0: z.number().positive().default(0.01),
      decay: z.number().nonnegative().default(0.005),
      min: z.number().nonnegative().default(1e-5),
    })
    .strict(),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

/** The paper's schedule. */
export const PAPER_SCHEDULE: Schedule = { kind: 'exponential', lr0: 0.01, decay: 0.005, min: 1e-5 };

/** Learning rate at step t (t = 0 for the first update). */
export function learningRate(s: Schedule, t: number): number {
  return s.kind === 'constant' ? s.lr : Math.max(s.lr0 * Math.exp(-s.decay * t), s.min);
}
