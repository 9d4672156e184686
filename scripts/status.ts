/**
 * `plateau status RUN_DIR [--all] [--json]`: the tasks of a scan or comparison folder — done, running, failed (with
 * the log of the job that ran it), missing — and the estimated CPU time left, read from the folder alone, so it works
 * for local runs and for SLURM and HTCondor jobs alike (src/studies/tasks/status.ts).
 */
import { formatStatus, runStatus } from '../src/studies/tasks/status';
import { cliCommand, runCli } from '../src/cli';

async function main(argv: string[]): Promise<void> {
  const cmd = cliCommand('status')
    .argument('<dir>', 'a scan or comparison folder (it holds plan.json)')
    .option('--all', 'list every unfinished task, not only the first ten of each kind')
    .option('--json', 'the whole status as JSON')
    .parse(argv, { from: 'user' });
  const o = cmd.opts<{ all?: boolean; json?: boolean }>();
  const s = runStatus(cmd.args[0]);
  console.log(o.json ? JSON.stringify(s, null, 2) : formatStatus(s, { all: o.all }));
}

runCli(() => main(process.argv.slice(2)));
