/**
 * scripts/gpu-check.sh's own logic, with a stub `plateau` in a fake bundle folder that prints canned bench lines (the
 * real commands run on a GPU node): the steps it runs and skips, the files it writes under $OUT, the targets it reads
 * from the JSON lines, and its exit status (the number of failed steps).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');

/** A bundle folder whose `plateau` logs its arguments and answers like bench/doctor would on a GPU node. */
function fakeBundle(dir: string, opts: { adapter: boolean; failGate?: boolean; ratio: number; pct: number }): void {
  fs.copyFileSync(path.join(root, 'scripts/gpu-check.sh'), path.join(dir, 'gpu-check.sh'));
  fs.writeFileSync(path.join(dir, 'bundle.id'), 'test\n');
  const doctor = JSON.stringify(
    { dawn: { adapter: opts.adapter ? 'nvidia hopper: NVIDIA H100 via Dawn' : null } },
    null,
    2,
  ).replace(/'/g, '');
  fs.writeFileSync(
    path.join(dir, 'plateau'),
    `#!/bin/sh
echo "$*" >> "${dir}/calls.log"
case "$*" in
  doctor*) printf '%s\\n' '${doctor}' > "$3"; echo "would run: backend wasm, engine cuda" ;;
  *"--only gate"*) ${opts.failGate ? 'echo boom >&2; exit 3' : `echo '{"backend":"wasm","bench":"copy","engine":"cuda","qubits":26,"gb_per_s":3000}'; echo '{"backend":"wasm","bench":"gate","engine":"cuda","qubits":26,"ms_median":0.5,"gb_per_s":1900,"pct_of_copy":${opts.pct}}'`} ;;
  *"--step-qubits 20"*) echo '{"bench":"step","ratio":"cpu/cuda","qubits":20,"batch":1,"value":${opts.ratio}}' ;;
  *) echo '{"bench":"check","ok":true}' ;;
esac
[ "$1" = bench ] && echo maxrss_kb=1 >&2
exit 0
`,
  );
  fs.chmodSync(path.join(dir, 'plateau'), 0o755);
}

function run(opts: Parameters<typeof fakeBundle>[1]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-gpu-check-'));
  const out = path.join(dir, 'out');
  fakeBundle(dir, opts);
  const r = spawnSync('sh', [path.join(dir, 'gpu-check.sh')], {
    env: { PATH: process.env.PATH, OUT: out, PLATEAU_PEER_SCRIPT: '/nonexistent/peer.py' },
    encoding: 'utf8',
  });
  const calls = fs.readFileSync(path.join(dir, 'calls.log'), 'utf8').trim().split('\n');
  const summary = fs.existsSync(path.join(out, 'summary.json'))
    ? JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'))
    : null;
  const files = fs.existsSync(out) ? fs.readdirSync(out).sort() : [];
  fs.rmSync(dir, { recursive: true, force: true });
  return { ...r, calls, summary, files };
}

test('every step runs, the targets are read from the lines, results land in $OUT', () => {
  const r = run({ adapter: true, ratio: 31.5, pct: 63.2 });
  expect(r.status).toBe(0);
  expect(
    r.calls.map((c) => c.split(' --')[0] + (c.match(/--only (\S+)/)?.[1] ? ` ${c.match(/--only (\S+)/)![1]}` : '')),
  ).toEqual(['doctor', 'bench check', 'bench check', 'bench gate', 'bench step', 'bench step,scan']);
  expect(r.calls[2]).toContain('--backend webgpu --engines tensor');
  expect(r.summary).toEqual({
    gate_n26_pct_of_copy: 63.2,
    gate_target_pct: 50,
    gate_met: true,
    step_n20_cpu_over_cuda: 31.5,
    step_target_ratio: 20,
    step_met: true,
    failed_steps: 0,
  });
  expect(r.files).toEqual([
    'check-cuda.err',
    'check-cuda.jsonl',
    'check-webgpu.err',
    'check-webgpu.jsonl',
    'doctor.json',
    'gate.err',
    'gate.jsonl',
    'step-n20.err',
    'step-n20.jsonl',
    'step-scan.err',
    'step-scan.jsonl',
    'summary.json',
  ]);
  expect(r.stdout).toMatch(
    /== peer: skipped \((no python3|python3 has no CUDA torch|no peer script at \/nonexistent\/peer.py; set PLATEAU_PEER_SCRIPT)\)/,
  );
  expect(r.stderr).toBe('');
});

test('no adapter skips the webgpu check; a failed step is counted; missed targets say false', () => {
  const r = run({ adapter: false, failGate: true, ratio: 12, pct: 0 });
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('== check-webgpu: skipped (doctor found no hardware WebGPU adapter; see its dawn line)');
  expect(r.stdout).toContain('== gate: exit 3');
  expect(r.stderr).toBe('boom\n');
  expect(r.summary).toEqual({
    gate_n26_pct_of_copy: null,
    gate_target_pct: 50,
    gate_met: null,
    step_n20_cpu_over_cuda: 12,
    step_target_ratio: 20,
    step_met: false,
    failed_steps: 1,
  });
});
