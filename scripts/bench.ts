/**
 * `npm run bench`: JSON lines of benchmark figures (see src/bench/workloads.ts). With `--peer`, the PyTorch peer
 * (../shared/peers/torch_qcbm.py, Debian's python3 + python3-torch) runs the same workloads from this process group
 * right after ours, and a `ratio` line gives ours/peer per size. `--only` picks workloads: step, scan, gate, mem, scanvar
 * (the issue-6 gradient-variance scan through src/studies/scan, n = 2…12 by default, with totals over n).
 */
import { Command } from 'commander';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { initBackend } from '../src/backend/backend';
import { EngineName } from '../src/engines/engine';
import { jsKernels, simdKernels, kernelsReport } from '../src/engines/cpu/kernelSet';
import { gateBench, qcbmBench } from '../src/bench/workloads';
import { scanVarBench } from '../src/bench/scanWorkload';
import { PlateauError } from '../src/errors';

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
const ints = (v: string) => list(v).map((s) => parseInt(s, 10));
const emit = (o: object) => console.log(JSON.stringify(o));

function peer(script: string, kind: 'step' | 'scan', qubits: number[]): Record<string, unknown>[] {
  const r = spawnSync('/usr/bin/python3', [script, kind, '--qubits', qubits.join(',')], { encoding: 'utf8' });
  if (r.status !== 0) return [{ peer: 'torch', bench: kind, error: (r.stderr || r.error?.message || 'failed').trim().split('\n').pop() }];
  return r.stdout.trim().split('\n').map((l) => ({ ...JSON.parse(l), bench: kind }));
}

async function main(argv: string[]): Promise<void> {
  const o = new Command()
    .option('--backend <name>', 'tfjs backend', process.env.PLATEAU_BACKEND ?? 'auto')
    .option('--engines <list>', 'engines to time', list, ['cpu', 'tensor'])
    .option('--only <list>', 'workloads: step, scan, gate, mem, scanvar', list, ['step', 'scan', 'gate', 'mem'])
    .option('--step-qubits <list>', 'qubit counts of the step workload', ints, [8, 12, 16])
    .option('--scan-qubits <list>', 'qubit counts of the scan workload', ints, [8, 10, 12])
    .option('--gate-qubits <list>', 'qubit counts of the single-gate workload', ints, [10, 12, 14, 16, 18, 20])
    .option('--scanvar-qubits <list>', 'qubit counts of the scanvar workload', ints, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    .option('--mem-qubits <n>', 'qubit count of the memory check (one step, fresh process)', (v) => parseInt(v, 10), 20)
    .option('--peer', 'also run the PyTorch peer on step and scan')
    .option('--peer-path <file>', 'peer script', path.resolve(__dirname, '../../shared/peers/torch_qcbm.py'))
    .parse(argv, { from: 'user' })
    .opts<{ backend: string; engines: EngineName[]; only: string[]; stepQubits: number[]; scanQubits: number[]; gateQubits: number[]; scanvarQubits: number[]; memQubits: number; peer?: boolean; peerPath: string }>();
  const report = await initBackend(o.backend);
  emit({ bench: 'env', backend: report.backend, device: report.device, kernels: kernelsReport(), packages: report.packages, node: report.node });
  for (const kind of ['step', 'scan'] as const) {
    if (!o.only.includes(kind)) continue;
    const qubits = kind === 'step' ? o.stepQubits : o.scanQubits;
    const ours: Record<number, number> = {};
    for (const n of qubits)
      for (const e of o.engines) {
        const r = qcbmBench(kind, n, e, { budgetMs: e === 'tensor' ? 4000 : 3000 });
        if (e === 'cpu') ours[n] = r.ms_median;
        emit({ backend: report.backend, ...r });
      }
    if (o.peer)
      for (const p of peer(o.peerPath, kind, qubits)) {
        emit(p);
        const n = p.qubits as number;
        if (typeof p.ms_median === 'number' && ours[n]) emit({ bench: kind, ratio: 'plateau_cpu/torch', qubits: n, value: Math.round((ours[n] / p.ms_median) * 1000) / 1000 });
      }
  }
  if (o.only.includes('scanvar')) {
    // per n, then totals over n (sums of medians and of minima) for us and, with --peer, for the torch peer
    const total = (rs: Record<string, unknown>[], k: string) => rs.reduce((s, r) => s + Number(r[k]), 0);
    const ours: Record<string, unknown>[] = o.scanvarQubits.map((n) => ({ backend: report.backend, ...scanVarBench(n) }));
    ours.forEach(emit);
    emit({ bench: 'scanvar', total: 'plateau', qubits: o.scanvarQubits.join(','), ms_median: total(ours, 'ms_median'), ms_min: total(ours, 'ms_min') });
    if (o.peer) {
      const theirs: Record<string, unknown>[] = peer(o.peerPath, 'scan', o.scanvarQubits).map((p) => ({ ...p, bench: 'scanvar' }));
      theirs.forEach(emit);
      if (theirs.every((p) => typeof p.ms_median === 'number')) {
        for (const p of theirs) {
          const r = ours.find((x) => x.qubits === p.qubits);
          if (r) emit({ bench: 'scanvar', ratio: 'plateau/torch', qubits: p.qubits, median: Number(r.ms_median) / Number(p.ms_median), min: Number(r.ms_min) / Number(p.ms_min) });
        }
        emit({ bench: 'scanvar', total: 'torch', qubits: o.scanvarQubits.join(','), ms_median: total(theirs, 'ms_median'), ms_min: total(theirs, 'ms_min') });
        emit({ bench: 'scanvar', ratio: 'plateau/torch (totals)', median: total(ours, 'ms_median') / total(theirs, 'ms_median'), min: total(ours, 'ms_min') / total(theirs, 'ms_min') });
      }
    }
  }
  if (o.only.includes('gate'))
    for (const n of o.gateQubits) {
      if (o.engines.includes('cpu')) {
        if (simdKernels()) emit({ backend: report.backend, ...gateBench(n, 'cpu') });
        emit({ backend: report.backend, ...gateBench(n, 'cpu', jsKernels) });
      }
      if (o.engines.includes('tensor')) emit({ backend: report.backend, ...gateBench(n, 'tensor') });
    }
  if (o.only.includes('mem')) {
    // one step at n = 20 in a fresh process, so its peak resident memory is its own
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--backend', report.backend, '--engines', 'cpu', '--only', 'step', '--step-qubits', String(o.memQubits)], { encoding: 'utf8' });
    const line = r.stdout.trim().split('\n').pop() ?? '{}';
    emit({ ...JSON.parse(line), bench: 'mem', workload: 'step', peak_rss_mb: r.status === 0 ? Math.round(maxRssOf(r)) : null });
  }
}

function maxRssOf(r: ReturnType<typeof spawnSync>): number {
  return Number((r.stderr?.toString().match(/maxrss_kb=(\d+)/) ?? [])[1]) / 1024;
}

process.on('exit', () => process.stderr.write(`maxrss_kb=${process.resourceUsage().maxRSS}\n`));

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof PlateauError ? `error: ${e.message}` : e);
    process.exit(e instanceof PlateauError ? 2 : 1);
  },
);
