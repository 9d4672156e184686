/**
 * The comparison grid as independent runs: datasets × depths × shot budgets × losses × seeds, in that (fixed) order,
 * each a complete training config with its own folder `<out>/runs/<id>` and config hash. Seeds are paired: run seed =
 * deriveSeed(master, dataset, depth, seed index), shared by every loss and shot budget of that cell, so the losses
 * start from the same parameters (and train/test split). The runs are the comparison's tasks (studies/tasks/plan.ts):
 * id = run id, hash = config hash, result = the run's summary.json; jobs take cost-balanced slices of them.
 */
import * as path from 'path';
import { resolveTrainConfig, TrainConfig } from '../../config/train';
import { resolveData } from '../../data/spec';
import { resolveLoss } from '../../losses/registry';
import { resolveLayerCount } from '../../circuit/ansatz/depth';
import { deriveSeed } from '../../rng';
import { configHash } from '../../train/checkpoint';
import { checkModelMemory } from '../../train/problem';
import { CompareSpec } from './spec';

/** Where a run sits in the grid. */
export interface RunKey {
  data: string;
  nQubits: number;
  layers: number;
  /** null = exact probabilities. */
  shots: number | null;
  loss: string;
  seedIndex: number;
}

export interface RunPlan {
  /** Position in the grid order (sharding uses it). */
  index: number;
  id: string;
  key: RunKey;
  config: TrainConfig;
  hash: string;
  runDir: string;
}

export interface ComparePlan {
  spec: CompareSpec;
  /** The comparison folder (absolute). */
  outDir: string;
  /** Relative data paths resolve against this folder. */
  baseDir: string;
  /** Display label of each loss id (the spec's, or the loss registry's at the first dataset's n). */
  lossLabels: Record<string, string>;
  runs: RunPlan[];
}

export const shotsTag = (shots: number | null): string => (shots === null ? 'exact' : `shots${shots}`);

export function runId(k: RunKey): string {
  return `${k.data}__L${k.layers}__${shotsTag(k.shots)}__${k.loss}__seed${String(k.seedIndex).padStart(2, '0')}`;
}

/** Expands a spec into its runs, resolving (and so validating) every run's training config up front. */
export function planComparison(spec: CompareSpec, opts: { baseDir?: string; where?: string } = {}): ComparePlan {
  const baseDir = path.resolve(opts.baseDir ?? process.cwd()),
    where = opts.where ?? spec.name;
  const outDir = path.resolve(baseDir, spec.out);
  const runs: RunPlan[] = [];
  const lossLabels: Record<string, string> = {};
  for (const d of spec.data) {
    const n = resolveData(d.spec, { baseDir }).card.nQubits;
    for (const l of spec.losses)
      lossLabels[l.id] ??= l.label ?? resolveLoss(l.spec, n, `${where}: losses.${l.id}`).label;
    const depths = [...new Set(spec.layers.map((l) => resolveLayerCount(l, n)))];
    for (const layers of depths)
      for (const shots of spec.shots)
        for (const loss of spec.losses)
          for (let s = 0; s < spec.seeds; s++) {
            const key: RunKey = { data: d.id, nQubits: n, layers, shots, loss: loss.id, seedIndex: s };
            const id = runId(key),
              runDir = path.join(outDir, 'runs', id);
            const { exactGradient, ...train } = spec.train;
            const config = resolveTrainConfig(
              {
                name: id,
                seed: deriveSeed(spec.seed, 'compare', d.id, `L${layers}`, s),
                data: d.spec,
                model: { ...spec.model, layers },
                loss: loss.spec,
                shots,
                gradient: shots === null ? exactGradient : 'parameter-shift',
                ...train,
                out: runDir,
              },
              `${where}: run ${id}`,
            );
            if (s === 0) checkModelMemory(config, n, `${where}: run ${id}: `); // before any folder is written
            runs.push({ index: runs.length, id, key, config, hash: configHash(config), runDir });
          }
  }
  return { spec, outDir, baseDir, lossLabels, runs };
}
