/**
 * `npm run scan -- --preset mmd-product` | `--spec scan.json` | `--losses kl,mmd(n/4) --qubits 2..12 [--ansatz hep
 * --depths 4 --draws 256 --shots exact,1000 --datasets ghz]`, then `--shard i/N` (one cluster task), `--workers K
 * [--shards N]` (local child processes), `--slurm N` (job-array scripts), or `--merge shard files…`
 * (= `npm run scan:merge -- files…`). Writes scan.json, scan.csv, fits.csv, plots and a table (src/studies/scan/).
 */
import * as path from 'path';
import { initBackend } from '../src/backend/backend';
import { ConfigError } from '../src/errors';
import { parseShard } from '../src/studies/jobs';
import { PRESET_NAMES } from '../src/studies/scan/presets';
import { buildScanSpec, mergeAndWrite, runScan } from '../src/studies/scan/run';
import { writeSlurmScripts } from '../src/studies/scan/slurm';
import { cliCommand, BACKEND_HELP, runCli } from '../src/cli';

const int = (name: string) => (v: string) => {
  const x = Number(v);
  if (!Number.isInteger(x) || x < 1) throw new ConfigError(`--${name}: expected an integer ≥ 1, got "${v}"`);
  return x;
};

async function main(argv: string[]): Promise<void> {
  const cmd = cliCommand('scan')
    .argument('[files...]', 'shard files (with --merge)')
    .option('--preset <name>', `named scan: ${PRESET_NAMES.join(', ')}`)
    .option('--full', 'the preset at paper-like sizes (slow)')
    .option('--spec <file>', 'JSON scan spec (flags override its keys)')
    .option('--losses <list>', 'e.g. "kl,tvd,mmd(1),mmd(n/4),mmd(0.01;n/4;n),lqf,qf,zz,cerezo-global,cerezo-local"')
    .option('--datasets <list>', 'ghz, random:n, random:n^2, cardinality, parity, uniform, bas:RxC, liu-wang, file:PATH ({n} = qubits)')
    .option('--ansatz <name>', 'product, product-haar, hep, hea-line, hea-ring, mcclean, haar')
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
    .option('--backend <name>', BACKEND_HELP, process.env.PLATEAU_BACKEND || 'auto')
    .option('--out <dir>', 'output folder (with --merge: default the folder holding shards/)', 'runs/scan')
    .option('--shard <i/N>', 'compute only shard i of N and write its file')
    .option('--workers <k>', 'run shards in k child processes, then merge', int('workers'))
    .option('--shards <n>', 'number of shards (default: --workers)', int('shards'))
    .option('--fresh', 'recompute shards even if their files match the spec')
    .option('--force', 'move a non-empty --out folder that is not a scan aside (never deleted)')
    .option('--quiet', 'no progress bar')
    .option('--merge', 'merge the shard files given as arguments')
    .option('--slurm <n>', 'write sbatch scripts for an n-task job array and exit', int('slurm'))
    .option('--launcher <cmd>', 'command that runs this script on the cluster', 'npm run scan --')
    .option('--slurm-time <t>', 'time limit per task', '02:00:00')
    .option('--slurm-cpus <n>', 'CPUs per task', int('slurm-cpus'), 1)
    .option('--slurm-partition <name>', 'partition')
    .parse(argv, { from: 'user' });
  const o = cmd.opts();
  const files = cmd.args;
  if (o.merge) {
    // default output: the folder that holds shards/ (where a run would have written)
    const out = cmd.getOptionValueSource('out') === 'default' && files.length ? path.dirname(path.dirname(path.resolve(files[0]))) : o.out;
    console.log(await mergeAndWrite(files, out));
    return;
  }
  if (files.length) throw new ConfigError(`unexpected arguments ${files.join(' ')} (shard files need --merge)`);
  const gradients = cmd.getOptionValueSource('gradients') === 'cli' ? o.gradients : undefined;
  const spec = buildScanSpec({ preset: o.preset, full: o.full, specFile: o.spec, flags: { ...o, gradients } });
  if (o.slurm) {
    const r = writeSlurmScripts(spec, { out: o.out, tasks: o.slurm, launcher: o.launcher, backend: o.backend === 'auto' ? undefined : o.backend, cpusPerTask: o.slurmCpus, time: o.slurmTime, partition: o.slurmPartition });
    console.log(r.instructions);
    return;
  }
  const backend = await initBackend(o.backend);
  console.log(await runScan(spec, {
    out: o.out, backend, shard: o.shard ? parseShard(o.shard) : undefined, workers: o.workers, shards: o.shards, fresh: o.fresh, quiet: o.quiet, force: o.force,
    script: __filename, childArgs: ['--backend', backend.backend],
  }));
}

runCli(() => main(process.argv.slice(2)));
