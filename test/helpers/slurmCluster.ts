/**
 * A real single-node SLURM cluster for tests (Debian's slurm-wlm + munge; ../shared/TFJS-FACTS.md §8): munged with its
 * own key and socket in a temp dir (chmod 755: munged refuses a socket whose parents lack o+x), slurmctld + slurmd
 * with their own slurm.conf (localhost, free ports, linuxproc tracking, no cgroups, no accounting) and SLURM_CONF in
 * the environment of every client call. `startSlurm` returns the cluster or the one-line reason it cannot start;
 * `stop` cancels every job (one with an unmeetable dependency would keep slurmctld busy), shuts the daemons down by
 * the pids they wrote, and removes the folder.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const DAEMONS = ['munged', 'slurmctld', 'slurmd'],
  CLIENTS = ['sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo'];
const FINAL = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'OUT_OF_MEMORY',
  'NODE_FAIL',
  'PREEMPTED',
  'BOOT_FAIL',
  'DEADLINE',
]);

export interface SlurmCluster {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs a SLURM client command with this cluster's config; throws with its stderr on failure. */
  run(cmd: string, args: string[]): string;
  /** sbatch --parsable …; returns the job id. */
  submit(args: string[]): string;
  /** State of every job and array element whose id starts with one of `jobs` ("12", "12_3"). */
  states(jobs: string[]): Map<string, string>;
  /** Waits until every element of `jobs` is in a final state; returns the states. */
  wait(jobs: string[], timeoutMs?: number): Promise<Map<string, string>>;
  stop(): void;
}

const which = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();

/** Two ports free on 127.0.0.1 now (asked of the kernel in a child process, so this stays synchronous). */
function freePorts(): [number, number] {
  const js =
    "const n=require('net');const a=n.createServer().listen(0,'127.0.0.1',()=>{const b=n.createServer().listen(0,'127.0.0.1',()=>{console.log(a.address().port,b.address().port);a.close();b.close()})})";
  const [p, q] = spawnSync(process.execPath, ['-e', js], { encoding: 'utf8' }).stdout.trim().split(' ').map(Number);
  return [p, q];
}

const tail = (file: string) =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').slice(-1)[0] : 'no log';

function readPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sleepSync = (s: number) => spawnSync('sleep', [String(s)]);

/** Starts the cluster (synchronously, so a test file can decide at load time to skip), or says in one line why not. */
export function startSlurm(): SlurmCluster | { skip: string } {
  const missing = [...DAEMONS, ...CLIENTS].filter((c) => !which(c));
  if (missing.length)
    return { skip: `${missing.join(', ')} not installed (Debian: apt-get install slurm-wlm munge; .ci/run does it)` };
  if (process.getuid?.() !== 0)
    return { skip: 'a single-node SLURM here needs root (slurmd starts jobs as their owner)' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-slurm-'));
  fs.chmodSync(dir, 0o755);
  for (const d of ['munge', 'state', 'spool', 'log']) fs.mkdirSync(path.join(dir, d), { mode: 0o755 });
  const m = (f: string) => path.join(dir, 'munge', f);
  fs.writeFileSync(m('key'), randomBytes(1024), { mode: 0o400 });
  const [ctldPort, slurmdPort] = freePorts();
  const conf = path.join(dir, 'slurm.conf');
  const cpus = os.cpus().length,
    memMb = Math.floor((os.totalmem() / 2 ** 20) * 0.8);
  fs.writeFileSync(
    conf,
    [
      'ClusterName=plateau-test',
      'SlurmctldHost=localhost(127.0.0.1)',
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'AuthType=auth/munge',
      `AuthInfo=socket=${m('socket')}`,
      'CredType=cred/munge',
      'SlurmUser=root',
      'SlurmdUser=root',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'SchedulerParameters=batch_sched_delay=0',
      'MailProg=/bin/true',
      'ReturnToService=2',
      'KillWait=5',
      'MinJobAge=600',
      `NodeName=localhost NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memMb} State=UNKNOWN`,
      'PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const exec = (cmd: string, args: string[]): SpawnSyncReturns<string> =>
    spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 30000 });
  const pids = [m('pid'), `${dir}/slurmctld.pid`, `${dir}/slurmd.pid`];
  let stopped = false;
  const cluster: SlurmCluster = {
    dir,
    env,
    run(cmd, args) {
      const r = exec(cmd, args);
      if (r.status !== 0)
        throw new Error(`${cmd} ${args.join(' ')}: ${(r.stderr || r.stdout || String(r.error)).trim()}`);
      return r.stdout;
    },
    submit: (args) =>
      cluster
        .run('sbatch', ['--parsable', ...args])
        .trim()
        .split(';')[0],
    states(jobs) {
      const out = new Map<string, string>();
      for (const line of cluster
        .run('squeue', ['-h', '-t', 'all', '-r', '-o', '%i %T'])
        .trim()
        .split('\n')
        .filter(Boolean)) {
        const [id, state] = line.trim().split(/\s+/);
        if (jobs.some((j) => id === j || id.startsWith(`${j}_`))) out.set(id, state);
      }
      return out;
    },
    async wait(jobs, timeoutMs = 120000) {
      const t0 = Date.now();
      for (;;) {
        const s = cluster.states(jobs);
        if (s.size && [...s.values()].every((v) => FINAL.has(v))) return s;
        if (Date.now() - t0 > timeoutMs)
          throw new Error(
            `jobs ${jobs.join(', ')} not finished after ${timeoutMs / 1000} s: ${[...s].map(([k, v]) => `${k} ${v}`).join(', ')}`,
          );
        await sleep(200);
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      exec('scancel', ['--user', os.userInfo().username]);
      exec('scontrol', ['shutdown']);
      const t0 = Date.now();
      const live = () =>
        pids
          .slice(1)
          .map(readPid)
          .filter((p): p is number => p !== null && alive(p));
      while (live().length && Date.now() - t0 < 10000) sleepSync(0.1);
      for (const p of live()) process.kill(p, 'SIGKILL');
      const munged = readPid(m('pid'));
      if (munged !== null && alive(munged)) {
        process.kill(munged, 'SIGTERM');
        // munged removes its socket and pid file as it exits: wait, or the folder is not empty when rm gets to it
        const t1 = Date.now();
        while (alive(munged) && Date.now() - t1 < 5000) sleepSync(0.05);
      }
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
  const fail = (why: string) => {
    cluster.stop();
    return { skip: `SLURM did not start: ${why}` };
  };
  const mu = spawnSync(
    'munged',
    [
      `--socket=${m('socket')}`,
      `--key-file=${m('key')}`,
      `--pid-file=${m('pid')}`,
      `--seed-file=${m('seed')}`,
      `--log-file=${m('log')}`,
      '--force',
    ],
    { encoding: 'utf8' },
  );
  if (mu.status !== 0) return fail(`munged: ${(mu.stderr || tail(m('log'))).trim().split('\n')[0]}`);
  for (const [cmd, args] of [
    ['slurmctld', ['-i']],
    ['slurmd', ['-N', 'localhost']],
  ] as const) {
    const r = exec(cmd, [...args]);
    if (r.status !== 0) return fail(`${cmd}: ${(r.stderr || tail(`${dir}/log/${cmd}.log`)).trim().split('\n')[0]}`);
  }
  for (const t0 = Date.now(); Date.now() - t0 < 15000; sleepSync(0.1)) {
    const r = exec('sinfo', ['-h', '-o', '%T']);
    if (r.status === 0 && /^idle/m.test(r.stdout)) return cluster;
  }
  return fail(
    `the node never became idle (slurmd: ${tail(`${dir}/log/slurmd.log`)}; slurmctld: ${tail(`${dir}/log/slurmctld.log`)})`,
  );
}
