/**
 * `plateau scan --preset mmd-product` | `--spec scan.json` | `--losses kl,mmd(n/4) --qubits 2..12 [--ansatz hep
 * --depths 4 --draws 256 --shots exact,1000 --datasets ghz]`, then `--workers K` (local child processes), `--shard i/N`
 * (one cluster job), `--slurm [N]` / `--condor [N]` (batch files), or `--merge [DIR]` (= `plateau scan:merge DIR`).
 * Writes scan.json, scan.csv, fits.csv, plots and a table (src/studies/scan/); `plateau status DIR` shows progress.
 */
import { ConfigError } from '../src/errors';
import { PRESET_NAMES } from '../src/studies/scan/presetNames';
import { addBatchOptions, batchRequest } from '../src/studies/tasks/cli';
import { parseShard } from '../src/studies/tasks/plan';
import { cliCommand, BACKEND_HELP, runCli, numberOption } from '../src/cli';
import { executionPolicy } from '../src/execution';

async function main(argv: string[]): Promise<number | null | void> {
  const cmd = cliCommand('scan')
    .option('--preset <name>', `named scan: ${PRESET_NAMES.join(', ')}`)
    .option('--full', 'the preset at paper-like sizes (slow)')
    .option('--spec <file>', 'JSON scan spec (flags override its keys)')
    .option('--losses <list>', 'e.g. "kl,tvd,mmd(1),mmd(n/4),mmd(0.01;n/4;n),lqf,qf,zz,cerezo-global,cerezo-local"')
    .option(
      '--datasets <list>',
      'ghz, random:n, random:n^2, cardinality, parity, uniform, bas:RxC, liu-wang, file:PATH ({n} = qubits)',
    )
    .option(
      '--ansatz <name>',
      'product, product-haar, hep, hea-line, hea-ring, mcclean, fermion-line, haar, iqp (depths = inits: random, small-angle, gaussian(σ₀), data)',
    )
    .option('--depths <list>', 'layers: integers, n, 2n, n/2, log2n, haar (= infinite depth)')
    .option('--qubits <list>', 'qubit counts: 2..12, 2,4,8, 2..12:2')
    .option('--draws <n>', 'random parameter sets per point')
    .option('--circuits <n>', 'random circuit instances per point (mcclean)')
    .option('--shots <list>', 'exact and/or shot counts, e.g. exact,100,10000')
    .option('--no-gradients', 'loss statistics only')
    .option('--bootstrap <n>', 'bootstrap resamples (0 = no intervals)')
    .option('--level <p>', 'confidence level')
    .option('--seed <n>', 'master seed')
    .option('--engine <name>', 'simulator engine: auto, cpu, tensor, cuda')
    .option('--generators <name>', 'IQP generator graph: line, grid, all, erdos-renyi (with --ansatz iqp)')
    .option('--degree <d>', 'IQP Erdős–Rényi mean degree')
    .option('--edge-probability <p>', 'IQP Erdős–Rényi edge probability (default 0.02: degree grows with n)')
    .option('--masks <n>', 'IQP: masks a per point (shared by all draws)')
    .option('--backend <name>', BACKEND_HELP, executionPolicy().backend)
    .option('--out <dir>', 'output folder (the scan folder)', 'runs/scan')
    .option(
      '--workers <k>',
      'compute the points in k child processes, then merge',
      numberOption('workers', 1, true, 256),
    )
    .option('--shard <i/N>', 'one job of N: compute its share of the points (no merge)')
    .option('--fresh', 'recompute points even if their task files match')
    .option('--force', 'move a non-empty --out folder that is not a scan aside (never deleted)')
    .option('--quiet', 'no progress bar')
    .option('--merge [dir]', 'merge the task files of the scan folder DIR (default --out) into the outputs')
    .option('--partial', 'with --merge: merge the finished points when some are missing')
    .option('--worker', 'internal: run as a worker process of --workers');
  const o = addBatchOptions(cmd).parse(argv, { from: 'user' }).opts();
  if (cmd.args.length)
    throw new ConfigError(`unexpected arguments ${cmd.args.join(' ')} (scan:merge takes one scan folder)`);
  const { buildScanSpec, mergeAndWrite, runScan, scanWorker, writeScanBatch } = await import('../src/studies/scan/run'); // after parsing: --help needs no tfjs
  if (o.worker) {
    await scanWorker();
    return null; // the parent tells the worker when to exit
  }
  if (o.merge) {
    console.log(await mergeAndWrite(o.merge === true ? o.out : o.merge, {}, { partial: o.partial }));
    return;
  }
  if (o.partial) throw new ConfigError('--partial: only meaningful with --merge');
  const gradients = cmd.getOptionValueSource('gradients') === 'cli' ? o.gradients : undefined;
  const spec = buildScanSpec({ preset: o.preset, full: o.full, specFile: o.spec, flags: { ...o, gradients } });
  const batch = batchRequest(o);
  if (batch) {
    console.log(writeScanBatch(spec, o.out, batch.request, batch.systems, { backend: o.backend, force: o.force }).text);
    return;
  }
  const { initBackend } = await import('../src/backend/backend');
  const backend = await initBackend(o.backend);
  console.log(
    await runScan(spec, {
      out: o.out,
      backend,
      shard: o.shard ? parseShard(o.shard) : undefined,
      workers: o.workers,
      fresh: o.fresh,
      quiet: o.quiet,
      force: o.force,
      script: __filename,
    }),
  );
}

runCli(() => main(process.argv.slice(2)));
