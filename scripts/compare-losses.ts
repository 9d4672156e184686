/**
 * `plateau compare --config FILE | --preset NAME [--workers K] [--shard i/N] [--slurm [N]] [--condor [N]] [--only-report]`:
 * [R]'s loss comparison on HEP data — a grid of datasets × depths × shot budgets × losses × seeds, each run its own
 * resumable folder, reused once finished — and its report (report.md, report.json, CSV, PNG/SVG). See
 * src/studies/compare and models/compare/ for the presets.
 */
import type { CompareSessionOptions } from '../src/studies/compare/session';
import { addBatchOptions, batchRequest, BatchFlags } from '../src/studies/tasks/cli';
import { cliCommand, BACKEND_HELP, runCli, numberOption } from '../src/cli';

async function main(argv: string[]): Promise<number | null> {
  const cmd = cliCommand('compare')
    .option('--config <file>', 'comparison spec (JSON)')
    .option('--preset <name>', 'a spec from models/compare/ (e.g. n16-quick, hep-quick, n16-full, hep-full)')
    .option(
      '--set <key=value>',
      'override any spec key by its dotted path (repeatable)',
      (v, acc: string[]) => [...acc, v],
      [],
    )
    .option('--seed <n>', 'master seed (shortcut for --set seed=N)', numberOption('seed', 0))
    .option('--out <dir>', 'comparison folder (default runs/compare/<name>)')
    .option('--force', 'move a non-empty --out folder that is not a comparison aside (never deleted)')
    .option('--shard <i/N>', 'one job of N: train its share of the runs; no report')
    .option('--workers <k>', 'train in k child processes (each with PLATEAU_THREADS=1)')
    .option('--only-report', 'no training: write the report from the finished runs (all of them, unless --partial)')
    .option('--partial', 'report from the finished runs even when some are missing')
    .option('--no-report', 'train only')
    .option('--backend <name>', BACKEND_HELP)
    .option('--quiet', 'no progress lines')
    .option('--worker', 'internal: run as a worker process of --workers');
  const o = addBatchOptions(cmd)
    .parse(argv, { from: 'user' })
    .opts<Omit<CompareSessionOptions, 'workerEntry' | 'batch'> & BatchFlags & { worker?: boolean }>();
  const [{ workerLoop }, { runCompareSession }] = await Promise.all([
    import('../src/studies/compare/runner'),
    import('../src/studies/compare/session'),
  ]);
  if (o.worker) {
    await workerLoop();
    return null; // the parent tells the worker when to exit
  }
  const r = await runCompareSession({ ...o, batch: batchRequest(o), workerEntry: __filename });
  if (r.batchText) console.log(r.batchText);
  if (r.table) console.log(`${r.table}\n\nreport: ${r.plan.outDir}/report.md`);
  if (r.run?.failed.length)
    console.error(r.run.failed.map((f) => `failed: ${f.id}: ${f.error.split('\n')[0]}`).join('\n'));
  if (r.exitCode === 130)
    console.log(`interrupted; continue with the same command (finished runs are reused, the others resume)`);
  return r.exitCode;
}

runCli(() => main(process.argv.slice(2)));
