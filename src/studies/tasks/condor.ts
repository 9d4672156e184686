/**
 * HTCondor files for a batch (batch.ts), the scheduler of the CERN batch service (lxplus), DESY's NAF/BIRD and
 * Fermilab: condor.sub queues one job per line of tasks.txt (`queue Job, Tasks from tasks.txt`: the line's first field
 * is the job index, the rest its task ids, shown by `condor_q -af PlateauTasks`), merge.sub runs the merge, and
 * plateau.dag makes DAGMan run the merge after every job (`condor_submit_dag plateau.dag`). Run time: CERN's
 * `+JobFlavour` (--condor-flavour) and `+MaxRuntime`, DESY's `+RequestRuntime` (both from --job-time, in seconds);
 * custom attributes a pool does not use are ignored. Files are read from the shared file system (AFS, EOS, DUST).
 */
import type { Batch } from './batch';

function resources(b: Batch, cpus: number): string[] {
  return [
    `request_cpus   = ${cpus}`,
    `request_memory = ${b.memoryMb}`,
    ...(b.flavour ? [`+JobFlavour    = "${b.flavour}"`] : []),
    ...(b.time ? [`+MaxRuntime    = ${b.time.seconds}`, `+RequestRuntime = ${b.time.seconds}`] : []),
  ];
}

/** condor.sub, merge.sub and plateau.dag (file name → text). */
export function condorFiles(b: Batch): Record<string, string> {
  const log = `${b.logs}/condor-$(ClusterId).$(Job)`;
  const sub = [
    `# plateau ${b.plan.study} ${b.plan.name} (plan ${b.plan.hash}): ${b.plan.tasks.length} tasks in ${b.jobs} jobs, one per line of tasks.txt.`,
    `# Submit with the merge: condor_submit_dag ${b.dir}/plateau.dag (or the jobs alone: condor_submit ${b.dir}/condor.sub).`,
    '# Resubmitting is safe: finished tasks are skipped.',
    'universe       = vanilla',
    `executable     = ${b.dir}/job.sh`,
    'arguments      = $(Job)',
    `initialdir     = ${b.workdir}`,
    `output         = ${log}.out`,
    `error          = ${log}.err`,
    `log            = ${b.logs}/condor.log`,
    `environment    = "PLATEAU_THREADS=${b.cpus} PLATEAU_LOG=${log}.err"`,
    ...resources(b, b.cpus),
    '+PlateauTasks  = "$(Tasks)"',
    `queue Job, Tasks from ${b.dir}/tasks.txt`,
    '',
  ];
  const merge = [
    `# plateau ${b.plan.study} ${b.plan.name}: the merge, run by DAGMan after every job of condor.sub`,
    'universe       = vanilla',
    `executable     = ${b.dir}/merge.sh`,
    `initialdir     = ${b.workdir}`,
    `output         = ${b.logs}/merge-$(ClusterId).out`,
    `error          = ${b.logs}/merge-$(ClusterId).err`,
    `log            = ${b.logs}/condor.log`,
    ...resources(b, 1),
    'queue',
    '',
  ];
  const dag = [
    `# plateau ${b.plan.study} ${b.plan.name}: every job, then the merge. Submit: condor_submit_dag ${b.dir}/plateau.dag`,
    '# A failed job fails node "tasks": DAGMan retries it twice (finished tasks are skipped), then writes a rescue DAG;',
    '# submitting plateau.dag again runs what is left.',
    `JOB tasks ${b.dir}/condor.sub`,
    `JOB merge ${b.dir}/merge.sub`,
    'PARENT tasks CHILD merge',
    'RETRY tasks 2',
    '',
  ];
  return { 'condor.sub': sub.join('\n'), 'merge.sub': merge.join('\n'), 'plateau.dag': dag.join('\n') };
}
