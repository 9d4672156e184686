/**
 * `npm run bench`: JSON lines of benchmark figures (see src/bench/workloads.ts). With `--peer`, the PyTorch peer
 * (../shared/peers/torch_qcbm.py; `--peer-device cuda --peer-python <a CUDA torch's python>` on a GPU) runs the same
 * workloads right after ours, and a `ratio` line gives ours/peer per size. `--only` picks workloads: roofline (this
 * machine's copy and triad bandwidth, src/bench/roofline.ts), step, scan (with the CPU engine, also its own sweeps
 * against that roofline: passes, adjoint over forward; src/bench/sweeps.ts), gate, mem, train (trainer overhead
 * over the bare step), losses (exact MMD at large n, loss + gradient), scanvar
 * (the gradient-variance scan of src/studies/scan at n = 2…12, with totals over n), iqp (one IQP Born-machine step —
 * Monte-Carlo MMD² + full gradient — at n = 64, 256, 1000; src/bench/iqpWorkload.ts). Default sizes follow the backend (benchDefaults: larger n and the tensor engine on GPU backends).
 * Not in the default list: `check`, the correctness of each engine of --engines against the CPU engine's kernels at
 * --check-qubits (exit 1 when one fails; scripts/gpu-check.sh runs it on GPU nodes), and `fusion`, the CPU engine's
 * pass costs and fused circuits (src/bench/kernelCosts.ts). Where the cuda engine runs, the
 * gate workload first times a device-to-device copy of the same bytes (`copy`, the bandwidth roofline) and gives the
 * gate's `pct_of_copy`; step and scan end with `ratio` lines of every other engine's time over the main engine's.
 */
import { spawnSync } from 'child_process';
import { initBackend, isGpuBackend } from '../src/backend/backend';
import { ENGINE_NAMES, EngineName, selectEngine } from '../src/engines/engine';
import { jsKernels, simdKernels, kernelsReport, setCpuPrecision } from '../src/engines/cpu/kernelSet';
import { ConfigError } from '../src/errors';
import { benchDefaults, copyBench, gateBench, qcbmBench } from '../src/bench/workloads';
import { engineCheck } from '../src/bench/checkWorkload';
import { defaultPeerScript, runPeer } from '../src/bench/peer';
import { trainBench } from '../src/bench/trainWorkload';
import { lossBenchmarks } from '../src/bench/lossWorkloads';
import { scanVarBench } from '../src/bench/scanWorkload';
import { iqpBench, iqpBenchCases } from '../src/bench/iqpWorkload';
import { measureRoofline } from '../src/bench/roofline';
import { fusionCompare, kernelCosts } from '../src/bench/kernelCosts';
import { cpuSweepFigures } from '../src/bench/sweeps';
import { hepAnsatz } from '../src/circuit/ansatz/hep';
import {
  cliCommand,
  BACKEND_HELP,
  runCli,
  numberOption,
  numberListOption,
  choiceListOption,
  choiceOption,
} from '../src/cli';
import { checkBenchMemory } from '../src/bench/memoryChecks';
import { snakeCaseKeys } from '../src/bench/keys';
import { executionPolicy } from '../src/execution';

const qubits = (flag: string) => numberListOption(flag, 1, true, 1000);
const WORKLOADS = [
  'roofline',
  'step',
  'scan',
  'gate',
  'mem',
  'train',
  'losses',
  'scanvar',
  'iqp',
  'check',
  'fusion',
] as const;
const emit = (o: object) => console.log(JSON.stringify(snakeCaseKeys(o))); // one key style (src/bench/keys.ts)

async function main(argv: string[]): Promise<void> {
  const o = cliCommand('bench')
    .option('--backend <name>', BACKEND_HELP, executionPolicy().backend)
    .option(
      '--engines <list>',
      'engines to time (default: tensor on GPU backends, cpu,tensor otherwise)',
      choiceListOption('engines', ENGINE_NAMES),
    )
    .option(
      '--only <list>',
      'workloads: roofline, step, scan, gate, mem, train, losses, scanvar, iqp (and check, fusion, not run by default)',
      choiceListOption('only', WORKLOADS),
      ['roofline', 'step', 'scan', 'gate', 'mem', 'train', 'losses', 'scanvar', 'iqp'],
    )
    .option('--check-qubits <list>', 'qubit counts of the check workload', qubits('check-qubits'), [8, 10, 12])
    .option('--iqp-qubits <list>', 'qubit counts of the iqp workload', qubits('iqp-qubits'), [64, 256, 1000])
    .option(
      '--iqp-samples <a,z>',
      'masks a and z samples per iqp step',
      numberListOption('iqp-samples', 2),
      [1000, 1000],
    )
    .option(
      '--iqp-path <p>',
      'iqp estimator path: auto, cpu or tensor',
      choiceOption('iqp-path', ['auto', 'cpu', 'tensor'] as const),
      'auto',
    )
    .option(
      '--scanvar-qubits <list>',
      'qubit counts of the scanvar workload',
      qubits('scanvar-qubits'),
      [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    )
    .option('--scanvar-draws <n>', 'draws per point in scanvar', numberOption('scanvar-draws', 2), 256)
    .option(
      '--scanvar-bootstrap <n>',
      'bootstrap resamples per point in scanvar (0 = only the variances, as the peer computes)',
      numberOption('scanvar-bootstrap', 0),
      200,
    )
    .option('--train-qubits <n>', 'qubit count of the trainer-overhead workload', numberOption('train-qubits', 1), 12)
    .option('--mmd-qubits <list>', 'qubit counts of the exact-MMD loss workload', qubits('mmd-qubits'), [16, 20, 22])
    .option(
      '--step-qubits <list>',
      'qubit counts of the step workload (default 8,12,16; GPU 12,16,20,24)',
      qubits('step-qubits'),
    )
    .option(
      '--scan-qubits <list>',
      'qubit counts of the scan workload (default 8,10,12; GPU 12,16,20,24)',
      qubits('scan-qubits'),
    )
    .option(
      '--scan-batch <n>',
      'scan batch (default 256; GPU 256 halving per qubit past 12)',
      numberOption('scan-batch', 1),
    )
    .option(
      '--gate-qubits <list>',
      'qubit counts of the single-gate workload (default 10…20 step 2; GPU 20…26)',
      qubits('gate-qubits'),
    )
    .option(
      '--fusion-qubits <list>',
      'qubit counts of the fusion workload (pass costs relative to the 2×2 gate)',
      numberListOption('fusion-qubits', 4),
      [14, 16, 20, 22],
    )
    .option(
      '--mem-qubits <n>',
      'qubit count of the memory check (one step, fresh process)',
      numberOption('mem-qubits', 1),
      20,
    )
    .option(
      '--precision <p>',
      'state precision of the CPU engine: float64 or float32',
      choiceOption('precision', ['float64', 'float32'] as const),
      'float64',
    )
    .option(
      '--no-sweeps',
      'step and scan without the CPU engine sweep figures (the mem workload measures the step alone)',
    )
    .option('--peer', 'also run the PyTorch peer on step and scan')
    .option('--peer-path <file>', 'peer script', defaultPeerScript())
    .option('--peer-python <exe>', 'python with torch (a CUDA build for --peer-device cuda)', '/usr/bin/python3')
    .option(
      '--peer-device <dev>',
      'torch device of the peer: cpu or cuda',
      choiceOption('peer-device', ['cpu', 'cuda'] as const),
      'cpu',
    )
    .parse(argv, { from: 'user' })
    .opts<{
      backend: string;
      engines?: EngineName[];
      only: string[];
      checkQubits: number[];
      stepQubits?: number[];
      scanQubits?: number[];
      scanBatch?: number;
      gateQubits?: number[];
      fusionQubits: number[];
      memQubits: number;
      trainQubits: number;
      mmdQubits: number[];
      iqpQubits: number[];
      iqpSamples: number[];
      iqpPath: 'auto' | 'cpu' | 'tensor';
      scanvarQubits: number[];
      scanvarDraws: number;
      scanvarBootstrap: number;
      precision: 'float64' | 'float32';
      sweeps: boolean;
      peer?: boolean;
      peerPath: string;
      peerPython: string;
      peerDevice: string;
    }>();
  if (o.iqpSamples.length !== 2)
    throw new ConfigError(`--iqp-samples: expected two counts a,z, got "${o.iqpSamples.join(',')}"`);
  checkBenchMemory(o);
  setCpuPrecision(o.precision);
  const report = await initBackend(o.backend);
  const main = selectEngine('auto'),
    d = benchDefaults(isGpuBackend(report.backend), main),
    engines = o.engines ?? d.engines;
  emit({
    bench: 'env',
    backend: report.backend,
    device: report.device,
    adapter: report.adapter,
    kernels: kernelsReport(),
    engine: report.engine,
    packages: report.packages,
    node: report.node,
    skipped: report.skipped,
  });
  if (o.only.includes('roofline')) for (const r of measureRoofline()) emit({ backend: report.backend, ...r });
  if (o.only.includes('fusion'))
    for (const n of o.fusionQubits) {
      emit({ backend: report.backend, ...(await kernelCosts(n)) });
      for (const r of await fusionCompare(n)) emit({ backend: report.backend, ...r });
    }
  if (o.only.includes('check')) {
    let failed = 0;
    for (const e of engines.filter((x) => x !== 'cpu'))
      for (const n of o.checkQubits)
        for (const r of await engineCheck(e, n)) {
          emit({ backend: report.backend, ...r });
          if (!r.ok) failed++;
        }
    if (failed) process.exitCode = 1;
  }
  // The engine `auto` picks runs first, each size right before the peer's (so the ratio compares neighbours in time);
  // the other engines follow, after all sizes, so their memory (the tensor engine's tape) cannot slow the pairs down.
  for (const kind of ['step', 'scan'] as const) {
    if (!o.only.includes(kind)) continue;
    const sizes = (kind === 'step' ? o.stepQubits : o.scanQubits) ?? d[kind];
    const batchOf = (n: number) => (kind === 'step' ? 1 : (o.scanBatch ?? d.scanBatch(n)));
    const mainMs = new Map<number, number>();
    // the CPU engine's own sweeps of the same circuit: passes, bandwidth against the roofline, adjoint over forward
    const sweeps = async (e: EngineName, n: number) =>
      e === 'cpu' && o.sweeps ? await cpuSweepFigures(hepAnsatz(n, 4), batchOf(n)) : {};
    for (const n of sizes) {
      const r = await qcbmBench(kind, n, main, { batch: batchOf(n), budgetMs: 3000 });
      emit({ backend: report.backend, ...r, ...(await sweeps(main, n)) });
      mainMs.set(n, r.ms_median);
      if (o.peer)
        for (const p of runPeer(
          { script: o.peerPath, python: o.peerPython, device: o.peerDevice },
          kind,
          n,
          batchOf(n),
        )) {
          emit(p);
          if (typeof p.ms_median === 'number')
            emit({
              bench: kind,
              ratio: `plateau_${main}/torch_${o.peerDevice}`,
              qubits: n,
              batch: batchOf(n),
              value: Math.round((r.ms_median / p.ms_median) * 1000) / 1000,
            });
        }
    }
    // On CPU backends the tensor engine's tape for a 256-row scan at n = 12 (~4 GB) would exhaust the wasm heap: by
    // default it stops at n = 10 there (explicit --scan-qubits are run as asked).
    const tapeFits = (e: EngineName, n: number) =>
      e !== 'tensor' || kind === 'step' || isGpuBackend(report.backend) || o.scanQubits !== undefined || n <= 10;
    for (const e of engines.filter((x) => x !== main))
      for (const n of sizes.filter((m) => tapeFits(e, m))) {
        const r = await qcbmBench(kind, n, e, { batch: batchOf(n), budgetMs: 4000 });
        emit({ backend: report.backend, ...r, ...(await sweeps(e, n)) });
        const m = mainMs.get(n);
        if (m)
          emit({
            bench: kind,
            ratio: `${e}/${main}`,
            qubits: n,
            batch: batchOf(n),
            value: Math.round((r.ms_median / m) * 1000) / 1000,
          });
      }
  }
  if (o.only.includes('scanvar')) {
    // per n, then totals over n (sums of medians and of minima) for us and, with --peer, for the torch peer
    const total = (rs: Record<string, unknown>[], k: string) => rs.reduce((s, r) => s + Number(r[k]), 0);
    const ours: Record<string, unknown>[] = [];
    for (const n of o.scanvarQubits)
      ours.push({
        backend: report.backend,
        ...(await scanVarBench(n, { bootstrap: o.scanvarBootstrap, draws: o.scanvarDraws })),
      });
    ours.forEach(emit);
    emit({
      bench: 'scanvar',
      total: 'plateau',
      qubits: o.scanvarQubits.join(','),
      ms_median: total(ours, 'ms_median'),
      ms_min: total(ours, 'ms_min'),
    });
    if (o.peer) {
      const theirs: Record<string, unknown>[] = o.scanvarQubits
        .flatMap((n) => runPeer({ script: o.peerPath, python: o.peerPython, device: o.peerDevice }, 'scan', n, 256))
        .map((p) => ({ ...p, bench: 'scanvar' }));
      theirs.forEach(emit);
      if (theirs.every((p) => typeof p.ms_median === 'number')) {
        for (const p of theirs) {
          const r = ours.find((x) => x.qubits === p.qubits);
          if (r)
            emit({
              bench: 'scanvar',
              ratio: 'plateau/torch',
              qubits: p.qubits,
              median: Number(r.ms_median) / Number(p.ms_median),
              min: Number(r.ms_min) / Number(p.ms_min),
            });
        }
        emit({
          bench: 'scanvar',
          total: 'torch',
          qubits: o.scanvarQubits.join(','),
          ms_median: total(theirs, 'ms_median'),
          ms_min: total(theirs, 'ms_min'),
        });
        emit({
          bench: 'scanvar',
          ratio: 'plateau/torch (totals)',
          median: total(ours, 'ms_median') / total(theirs, 'ms_median'),
          min: total(ours, 'ms_min') / total(theirs, 'ms_min'),
        });
      }
    }
  }
  if (o.only.includes('gate'))
    for (const n of o.gateQubits ?? d.gate) {
      if (engines.includes('cuda')) {
        const copy = await copyBench(n),
          gate = await gateBench(n, 'cuda');
        emit({ backend: report.backend, ...copy });
        emit({
          backend: report.backend,
          ...gate,
          pct_of_copy: Math.round((1000 * gate.gb_per_s) / copy.gb_per_s) / 10,
        });
      }
      if (engines.includes('cpu')) {
        if (simdKernels()) emit({ backend: report.backend, ...(await gateBench(n, 'cpu')) });
        emit({ backend: report.backend, ...(await gateBench(n, 'cpu', jsKernels)) });
      }
      // tfjs-wasm's XNNPACK keeps a packed copy per large matMul operand, so on CPU backends the tensor engine's gate
      // stops at n = 18 by default (n = 20 alone works: `--gate-qubits 20 --engines tensor`)
      if (engines.includes('tensor') && (isGpuBackend(report.backend) || o.gateQubits || n <= 18))
        emit({ backend: report.backend, ...(await gateBench(n, 'tensor')) });
    }
  if (o.only.includes('iqp'))
    for (const c of iqpBenchCases(o.iqpQubits))
      emit({ backend: report.backend, ...(await iqpBench(c, { a: o.iqpSamples[0], z: o.iqpSamples[1] }, o.iqpPath)) });
  if (o.only.includes('train')) emit({ backend: report.backend, ...(await trainBench(o.trainQubits, main)) });
  if (o.only.includes('losses'))
    await lossBenchmarks({ mmdQubits: o.mmdQubits, onResult: (r) => emit({ bench: 'losses', ...r }) });
  if (o.only.includes('mem')) {
    // one step at n = 20 in a fresh process, so its peak resident memory is its own
    const args = [
      ...process.execArgv,
      __filename,
      '--backend',
      report.backend,
      '--engines',
      main,
      '--only',
      'step',
      '--step-qubits',
      String(o.memQubits),
      '--no-sweeps',
      '--precision',
      o.precision,
    ];
    const r = spawnSync(process.execPath, args, {
      encoding: 'utf8',
      env: { ...process.env, PLATEAU_REPORT_MAXRSS: '1' },
    });
    const line = r.stdout.trim().split('\n').pop() ?? '{}';
    emit({
      ...JSON.parse(line),
      bench: 'mem',
      workload: 'step',
      peak_rss_mb: r.status === 0 ? Math.round(maxRssOf(r)) : null,
    });
  }
}

function maxRssOf(r: ReturnType<typeof spawnSync>): number {
  return Number((r.stderr?.toString().match(/maxrss_kb=(\d+)/) ?? [])[1]) / 1024;
}

// the mem workload's child reports its peak resident memory (only there: an error stays one line)
if (process.env.PLATEAU_REPORT_MAXRSS)
  process.on('exit', () => process.stderr.write(`maxrss_kb=${process.resourceUsage().maxRSS}\n`));

runCli(() => main(process.argv.slice(2)));
