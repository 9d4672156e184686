/**
 * The study's datasets: one set of seeded showers (the recipe of `npm run data -- showers`), pooled onto each grid and
 * binarised as bit rows (wideShowerDataset: any width, the same bits as the ≤ 30-pixel path), written once to
 * `<out>/data/showers-<grid>` through saveDataset and read back from there, so the folder the models train on is the
 * one a user can open. A folder made by another recipe is refused, never overwritten.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../../errors';
import { wideShowerDataset } from '../../data/recipes';
import { saveDataset } from '../../data/store';
import { loadWideDataset, WideDataset } from '../../data/wideData';
import { IqpHepSpec } from './spec';

/** The one-line identity of a grid's data, kept as the card's `command`: equal identity, equal data. */
export function recipeLine(spec: IqpHepSpec, grid: string): string {
  const d = spec.data;
  return `npm run data -- showers --grid ${grid} --events ${d.events} --seed ${d.seed} --geometry ${d.geometry} --rule ${d.rule} --fraction ${d.fraction}`;
}

export const dataDirOf = (outDir: string, grid: string): string => path.join(outDir, 'data', `showers-${grid}`);

/** The grid's dataset folder, made now or reused; `log` reports generation time. */
export async function studyDataset(
  spec: IqpHepSpec,
  grid: string,
  outDir: string,
  log: (line: string) => void,
): Promise<{ dir: string; data: WideDataset; made: boolean }> {
  const dir = dataDirOf(outDir, grid),
    line = recipeLine(spec, grid);
  if (fs.existsSync(dir)) {
    const data = loadWideDataset(dir);
    if (data.card.command !== line)
      throw new ConfigError(
        `${dir}: holds data made by "${data.card.command}", this study needs "${line}"; choose another --out`,
      );
    return { dir, data, made: false };
  }
  const r = wideShowerDataset({
    grid,
    events: spec.data.events,
    seed: spec.data.seed,
    rule: spec.data.rule,
    fraction: spec.data.fraction,
    name: `showers-${grid}`,
    shower: { geometry: spec.data.geometry },
  });
  r.dataset.card.command = line;
  await saveDataset(r.dataset, dir);
  log(`data ${grid}: ${spec.data.events} showers generated and binarised in ${r.seconds.toFixed(1)} s → ${dir}`);
  return { dir, data: loadWideDataset(dir), made: true };
}
