/**
 * Learning-rate schedules as configs (the schema; train/schedule.ts computes the rate): constant, and the exponential
 * decay with a floor that [R] used, lr(t) = max(lr0·e^{−decay·t/k}, min) with lr0 = 0.01, decay = 0.005, min = 1e-5
 * (SCIENCE.md §3), t the update and k = `updatesPerEpoch` (default 1). [R] does not say what t counts: read per update
 * (k = 1) the rate sums to ≈ 2 over any run and training freezes by update ~600; plateau's HEP presets read t in epochs
 * of k = 10 updates (docs/hep-fidelity.md has the measurements behind that choice).
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
      /** Updates per unit of t in the exponent (an "epoch"); omitted = 1. */
      updatesPerEpoch: z.number().int().positive().optional(),
    })
    .strict(),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

/** The paper's schedule. */
export const PAPER_SCHEDULE: Schedule = { kind: 'exponential', lr0: 0.01, decay: 0.005, min: 1e-5 };
