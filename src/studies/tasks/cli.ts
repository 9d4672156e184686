/**
 * The batch flags `scan` and `compare` share (`--slurm [N]`, `--condor [N]`, `--container`, `--launcher`, resources),
 * added to a commander command in one place so both commands spell and validate them the same way.
 */
import { Command } from 'commander';
import { numberOption } from '../../cli';
import { BatchRequest } from './batch';
import { CERN_FLAVOURS } from './words';

export interface BatchFlags {
  slurm?: number | true;
  condor?: number | true;
  launcher?: string;
  container?: string;
  jobCpus?: number;
  jobMemory?: number;
  jobTime?: string;
  slurmPartition?: string;
  condorFlavour?: string;
}

/** Adds the batch flags to `cmd`. */
export function addBatchOptions(cmd: Command): Command {
  return cmd
    .option(
      '--slurm [jobs]',
      'write the batch files (a SLURM array of [jobs] jobs, default one per task, plus a merge job; the HTCondor files too) and exit',
      numberOption('slurm', 1),
    )
    .option(
      '--condor [jobs]',
      'the same, printing how to submit to HTCondor (condor_submit_dag)',
      numberOption('condor', 1),
    )
    .option(
      '--launcher <cmd>',
      'the command that runs plateau on the nodes (default: this checkout, or the bundle it runs from)',
    )
    .option('--container <image>', 'run every job inside this Apptainer image (see apptainer.def)')
    .option('--job-cpus <n>', 'CPUs per job (default 1)', numberOption('job-cpus', 1))
    .option('--job-memory <MB>', 'memory per job in MB (default 2000)', numberOption('job-memory', 1))
    .option(
      '--job-time <time>',
      'time limit per job, e.g. 02:00:00 (SLURM --time; HTCondor +MaxRuntime, +RequestRuntime)',
    )
    .option('--slurm-partition <name>', 'SLURM partition')
    .option('--condor-flavour <name>', `CERN JobFlavour (${Object.keys(CERN_FLAVOURS).join(', ')})`);
}

/** The batch request of the flags, or null when neither --slurm nor --condor was given. */
export function batchRequest(o: BatchFlags): { systems: ('slurm' | 'condor')[]; request: BatchRequest } | null {
  if (o.slurm === undefined && o.condor === undefined) return null;
  const systems = [
    ...(o.slurm !== undefined ? ['slurm' as const] : []),
    ...(o.condor !== undefined ? ['condor' as const] : []),
  ];
  const n = [o.slurm, o.condor].find((v): v is number => typeof v === 'number');
  return {
    systems,
    request: {
      jobs: n,
      launcher: o.launcher,
      container: o.container,
      cpus: o.jobCpus,
      memoryMb: o.jobMemory,
      time: o.jobTime,
      partition: o.slurmPartition,
      flavour: o.condorFlavour,
    },
  };
}
