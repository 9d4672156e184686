/**
 * `npm run iqp-hep -- --preset quick|full | --config FILE [--set key=value] [--out DIR] [--force] [--backend NAME]`:
 * IQP Born machines on binarised calorimeter showers at 8×8 = 64 pixels (and 4×4), judged on held-out events next to
 * an independent-pixel model, a Chow–Liu tree and, at 4×4, a state-vector QCBM. Writes report.md/report.json/
 * metrics.csv and figures; finished training runs are reused, interrupted ones resume (src/studies/iqpHep).
 */
import * as path from 'path';
import { cliCommand, BACKEND_HELP, runCli } from '../src/cli';
import { claimOutputDir, holdsJson } from '../src/outputDir';
import { exitCodeOf, stopOnSignals } from '../src/signals';
import { executionPolicy } from '../src/execution';

async function main(argv: string[]): Promise<number> {
  const o = cliCommand('iqp-hep')
    .option('--preset <name>', 'a spec from models/iqp-hep/ (quick: a few minutes on 2 cores; full)')
    .option('--config <file>', 'a spec file (JSON)')
    .option(
      '--set <key=value>',
      'override any spec key by its dotted path (repeatable)',
      (v, acc: string[]) => [...acc, v],
      [],
    )
    .option('--out <dir>', 'study folder (default runs/iqp-hep/<name>)')
    .option('--force', 'move a non-empty --out folder that is not this study aside (never deleted)')
    .option('--backend <name>', BACKEND_HELP, executionPolicy().backend)
    .option('--quiet', 'no progress lines')
    .parse(argv, { from: 'user' })
    .opts<{
      preset?: string;
      config?: string;
      set: string[];
      out?: string;
      force?: boolean;
      backend: string;
      quiet?: boolean;
    }>();
  // loaded after the flags are read, so that --help and flag errors do not wait for tfjs
  const [{ initBackend }, { runIqpHepStudy, STUDY, STUDY_FILE }, { terminalTable }, { loadIqpHepSpec }] =
    await Promise.all([
      import('../src/backend/backend'),
      import('../src/studies/iqpHep/run'),
      import('../src/studies/iqpHep/report'),
      import('../src/studies/iqpHep/spec'),
    ]);
  const spec = loadIqpHepSpec(o);
  const out = path.resolve(o.out ?? spec.out ?? path.join('runs', 'iqp-hep', spec.name));
  const { state, lock } = claimOutputDir(out, {
    what: 'study folder',
    force: o.force,
    ownedBy: holdsJson(STUDY_FILE, 'study', STUDY),
  });
  if (state.kind === 'moved') console.error(`moved the folder that was at ${out} aside to ${state.to}`);
  const stop = stopOnSignals((sig) =>
    console.error(`\n${sig}: checkpointing the run in progress (again to exit at once)`),
  );
  try {
    const backend = await initBackend(o.backend);
    const log = o.quiet ? () => {} : (line: string) => console.error(line);
    const r = await runIqpHepStudy(spec, out, { backend, log, shouldStop: () => stop.signal !== null });
    if (r.interrupted) {
      console.log(`interrupted; continue with the same command (finished runs are reused, the others resume)`);
      return exitCodeOf(stop.signal ?? 'SIGINT');
    }
    console.log(`${terminalTable(r.grids)}\n\nreport: ${path.join(out, 'report.md')}`);
    return 0;
  } finally {
    stop.dispose();
    lock.release();
  }
}

runCli(() => main(process.argv.slice(2)));
