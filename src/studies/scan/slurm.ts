/**
 * SLURM job arrays for a scan: `scan.sbatch` runs shard $SLURM_ARRAY_TASK_ID of N per array task (--array=0-(N−1)),
 * every task reading the same resolved spec file, so all shards share one spec hash; `merge.sbatch` merges the shard
 * files afterwards (submit it with --dependency=afterok on the array). The launcher is the command that runs the scan
 * script on the cluster: `npm run scan --` in a checkout, or `bundle/plateau scan` with the offline bundle.
 */
import * as path from 'path';
import { writeFileAtomic, writeJsonAtomic } from '../../fsutil';
import { ConfigError } from '../../errors';
import { sbatchScript, shellQuote as q } from '../jobs';
import { ScanSpec, specHash } from './spec';

export interface SlurmOptions {
  out: string;
  /** Number of array tasks = shards. */
  tasks: number;
  /** @default "npm run scan --" */
  launcher?: string;
  backend?: string;
  /** @default 1 */
  cpusPerTask?: number;
  /** @default "02:00:00" */
  time?: string;
  partition?: string;
  /** Working directory of the jobs. @default process.cwd() */
  workdir?: string;
}

/** Writes scan-spec.json, scan.sbatch and merge.sbatch into `out`; returns the paths and how to submit them. */
export function writeSlurmScripts(spec: ScanSpec, o: SlurmOptions): { files: string[]; instructions: string } {
  if (!(Number.isInteger(o.tasks) && o.tasks >= 1)) throw new ConfigError(`--slurm: expected a number of array tasks ≥ 1, got ${o.tasks}`);
  const out = path.resolve(o.out), hash = specHash(spec), N = o.tasks;
  const launcher = o.launcher ?? 'npm run scan --', workdir = path.resolve(o.workdir ?? process.cwd());
  const specFile = path.join(out, 'scan-spec.json'), logs = path.join(out, 'logs');
  const common = { workdir, cpusPerTask: o.cpusPerTask, time: o.time ?? '02:00:00', partition: o.partition };
  const backend = o.backend ? ` --backend ${q(o.backend)}` : '';
  const array = sbatchScript({
    ...common, jobName: `plateau-scan-${hash.slice(0, 8)}`, tasks: N, output: `${logs}/shard-%a.out`,
    comments: [`plateau scan, spec hash ${hash}: one shard per array task; a finished shard file is reused on resubmission`],
    commands: [`${launcher} --spec ${q(specFile)} --shard "\${SLURM_ARRAY_TASK_ID}/${N}" --out ${q(out)} --quiet${backend}`],
  });
  const mergeCmd = `${launcher} --merge ${q(out)}/shards/shard-*-of-${N}.json --out ${q(out)}`;
  const merge = sbatchScript({ ...common, jobName: `plateau-merge-${hash.slice(0, 8)}`, output: `${logs}/merge.out`, commands: [mergeCmd] });
  const files = [specFile, path.join(out, 'scan.sbatch'), path.join(out, 'merge.sbatch')];
  writeJsonAtomic(files[0], spec);
  writeFileAtomic(files[1], array);
  writeFileAtomic(files[2], merge);
  writeFileAtomic(path.join(logs, '.keep'), '');
  const instructions = [
    `wrote ${files.join(', ')} (spec hash ${hash}, ${N} array tasks)`,
    'submit:',
    `  jid=$(sbatch --parsable ${q(files[1])}) && sbatch --dependency=afterok:$jid ${q(files[2])}`,
    'or merge by hand once every task has finished:',
    `  ${mergeCmd}`,
  ].join('\n');
  return { files, instructions };
}
