/**
 * Hostile cases of the study commands: scan (flags, specs, grid sizes, batch values, merges), compare (specs, --set,
 * workers), bench (qubit lists, batch), entanglement, gradient-free, qbm, remedies, mmd-spectrum, status and view.
 */
import * as fs from 'fs';
import * as path from 'path';
import { HostileCase } from '../harness';
import { Fixtures } from '../fixtures';

const c = (id: string, input: string, argv: (f: Fixtures) => string[], expect: RegExp): HostileCase => ({
  id,
  input,
  argv,
  expect,
});
const scan = (id: string, args: string[], expect: RegExp, input = 'flag') =>
  c(
    `scan-${id}`,
    input,
    (f) => ['scan', '--losses', 'kl', '--qubits', '2', '--draws', '4', '--quiet', ...args, '--out', f.at(`s-${id}`)],
    expect,
  );
const cmp = (id: string, args: (f: Fixtures) => string[], expect: RegExp, input = 'flag') =>
  c(
    `compare-${id}`,
    input,
    (f) => ['compare', '--config', f.at('compare.json'), '--quiet', '--out', f.at(`c-${id}`), ...args(f)],
    expect,
  );
const bench = (id: string, args: string[], expect: RegExp) =>
  c(`bench-${id}`, 'flag', () => ['bench', ...args], expect);
/** A study command with its --out in the sandbox. */
const study = (cmd: string, id: string, args: string[], expect: RegExp) =>
  c(`${cmd}-${id}`, 'flag', (f) => [cmd, ...args, '--out', f.at(`${cmd}-${id}`)], expect);
const studies = ['entanglement', 'gradient-free', 'qbm', 'remedies'];

export const studyCases: HostileCase[] = [
  scan('qubits-huge-range', ['--qubits', '2..100000000'], /--qubits.*2\.\.100000000/),
  scan('qubits-40', ['--qubits', '40'], /--qubits: state-vector scans go up to 24 qubits/),
  scan('qubits-abc', ['--qubits', 'abc'], /--qubits.*abc/),
  scan('qubits-1-ghz', ['--qubits', '1'], /ghz: a GHZ state needs at least 2 qubits/),
  scan('qubits-empty', ['--qubits', ''], /--qubits/),
  scan('depths-1e6', ['--depths', '1000000'], /--depths 1000000 \((with 4 draws, )?at n = 2\): needs about/),
  // with the default 256 draws θ is draws × parameters: the depth that makes it large is what is named
  scan(
    'depths-1e6-draws-256',
    ['--depths', '1000000', '--draws', '256'],
    /--depths 1000000 \(with 256 draws, at n = 2\): needs about/,
  ),
  scan('depths-neg', ['--depths', '-1'], /--depths.*-1/),
  scan('draws-1e12', ['--draws', '1e12'], /--draws 1000000000000 \(at n = 2\): needs about/),
  scan('draws-abc', ['--draws', 'abc'], /--draws.*abc/),
  scan('draws-1', ['--draws', '1'], /--draws.*1/),
  scan('shots-1e15', ['--shots', '1e15'], /--shots 1000000000000000 \(at n = 2\): needs about/),
  scan('shots-frac', ['--shots', '10.5'], /--shots.*10\.5/),
  scan('bootstrap-neg', ['--bootstrap', '-1'], /--bootstrap.*-1/),
  scan('level-2', ['--level', '2'], /--level/),
  scan('seed-abc', ['--seed', 'abc'], /--seed.*abc/),
  scan('workers-abc', ['--workers', 'abc'], /--workers.*abc/),
  scan('workers-neg', ['--workers', '-3'], /--workers.*-3/),
  scan('workers-huge', ['--workers', '100000'], /--workers.*100000/),
  scan('slurm-0', ['--slurm', '0'], /--slurm.*0/),
  scan('slurm-abc', ['--slurm', 'abc'], /--slurm.*abc/),
  scan('slurm-time-newline', ['--slurm', '--job-time', '01:00:00\n#SBATCH --wrap=rm'], /--job-time/),
  scan('slurm-partition-inject', ['--slurm', '--slurm-partition', 'a;rm -rf ~'], /--slurm-partition/),
  scan('shard-bad', ['--shard', '3/2'], /--shard.*3\/2/),
  scan('shard-abc', ['--shard', 'abc'], /--shard.*abc/),
  scan('losses-unknown', ['--losses', 'nope'], /losses.*nope/),
  scan('losses-sigma-0', ['--losses', 'mmd(0)'], /--losses.*mmd\(0\)|sigma|bandwidth/),
  scan('datasets-unknown', ['--datasets', 'nope'], /datasets.*nope/),
  scan('ansatz-unknown', ['--ansatz', 'nope'], /ansatz.*nope/),
  scan('engine-unknown', ['--engine', 'nope'], /engine.*nope/),
  scan('iqp-masks', ['--ansatz', 'iqp', '--losses', 'mmd(1)', '--qubits', '8', '--masks', '1e12'], /masks|need/),
  c(
    'scan-out-empty',
    'out',
    () => ['scan', '--losses', 'kl', '--qubits', '2', '--draws', '4', '--quiet', '--out', ''],
    /--out: empty path/,
  ),
  c(
    'scan-out-proc',
    'out',
    () => ['scan', '--losses', 'kl', '--qubits', '2', '--draws', '4', '--quiet', '--out', '/proc/x'],
    /--out \/proc\/x/,
  ),
  c(
    'scan-spec-string',
    'spec',
    (f) => ['scan', '--spec', f.file('spec-string.json', '"x"'), '--out', f.at('s-spec1')],
    /spec-string\.json: expected a JSON object \(a scan spec\), got a string/,
  ),
  c(
    'scan-spec-null',
    'spec',
    (f) => ['scan', '--spec', f.file('spec-null.json', 'null'), '--out', f.at('s-spec2')],
    /spec-null\.json: expected a JSON object \(a scan spec\), got null/,
  ),
  c(
    'scan-spec-garbage',
    'spec',
    (f) => ['scan', '--spec', f.file('spec-garbage.json', '{,'), '--out', f.at('s-spec3')],
    /spec-garbage\.json: not valid JSON/,
  ),
  c(
    'scan-spec-proto',
    'spec',
    (f) => [
      'scan',
      '--spec',
      f.file('spec-proto.json', '{"__proto__": {"x": 1}, "losses": ["kl"], "qubits": [2]}'),
      '--out',
      f.at('s-spec4'),
    ],
    /spec-proto\.json.*__proto__/,
  ),
  c(
    'scan-spec-qubits',
    'spec',
    (f) => ['scan', '--spec', f.file('spec-q.json', { losses: ['kl'], qubits: [2, 'x'] }), '--out', f.at('s-spec5')],
    /spec-q\.json.*qubits\.1/,
  ),
  c(
    'scan-spec-missing',
    'spec',
    (f) => ['scan', '--spec', f.at('nope.json'), '--out', f.at('s-spec6')],
    /nope\.json: no such file/,
  ),
  c('scan-preset-unknown', 'flag', (f) => ['scan', '--preset', 'nope', '--out', f.at('s-pre')], /preset.*nope/),
  c('scan-merge-missing', 'merge', (f) => ['scan:merge', f.at('nowhere')], /nowhere/),
  c('scan-merge-notscan', 'merge', (f) => ['scan:merge', f.at('ds')], /ds/),
  c(
    'scan-merge-null-means',
    'merge',
    (f) => ['scan:merge', f.copyOf('scanrun', 'scan-null', (d) => nullMeans(d))],
    /scan-null\/tasks\/.*lossMean\.value is null, not a number/,
  ),
  // compare
  cmp('set-proto', () => ['--set', '__proto__.x=1'], /--set __proto__\.x=1: "__proto__" is not a config key/, 'set'),
  cmp('set-seeds-huge', () => ['--set', 'seeds=1e9'], /seeds/, 'set'),
  cmp('set-layers-huge', () => ['--set', 'layers=[1000000]'], /layers/, 'set'),
  cmp('set-shots-huge', () => ['--set', 'shots=[1e15]'], /shots/, 'set'),
  cmp('workers-abc', () => ['--workers', 'abc'], /--workers.*abc/),
  cmp('workers-neg', () => ['--workers', '-3'], /--workers.*-3/),
  cmp('seed-abc', () => ['--seed', 'abc'], /seed.*abc/),
  cmp('shard-bad', () => ['--shard', '0/0'], /--shard.*0\/0/),
  cmp('slurm-abc', () => ['--slurm', 'abc'], /--slurm.*abc/),
  c(
    'compare-report-null-means',
    'merge',
    (f) => [
      'compare',
      '--config',
      f.at('tiny-compare.json'),
      '--out',
      f.copyOf('cmprun', 'cmp-null', (d) => nullSummaries(d)),
      '--only-report',
    ],
    /cmp-null\/runs\/.*summary\.json: final\.tvd_train is null, not a number/,
  ),
  c(
    'compare-config-string',
    'spec',
    (f) => ['compare', '--config', f.file('cmp-string.json', '"x"')],
    /cmp-string\.json: expected a JSON object \(a comparison spec\), got a string/,
  ),
  c(
    'compare-config-null',
    'spec',
    (f) => ['compare', '--config', f.file('cmp-null.json', 'null')],
    /cmp-null\.json: expected a JSON object \(a comparison spec\), got null/,
  ),
  c('compare-config-dir', 'spec', (f) => ['compare', '--config', f.dir], /is a folder, expected a JSON file/),
  c('compare-preset-unknown', 'flag', () => ['compare', '--preset', 'nope'], /preset.*nope/),
  c(
    'compare-out-proc',
    'out',
    (f) => ['compare', '--config', f.at('compare.json'), '--out', '/proc/x'],
    /--out \/proc\/x|\/proc\/x/,
  ),
  // bench
  bench('step-qubits-abc', ['--only', 'step', '--step-qubits', 'abc'], /--step-qubits.*abc/),
  bench('step-qubits-40', ['--only', 'step', '--step-qubits', '40'], /--step-qubits 40.*need/),
  bench('mmd-qubits-40', ['--only', 'losses', '--mmd-qubits', '40'], /--mmd-qubits 40.*need/),
  bench('scan-batch-0', ['--only', 'scan', '--scan-batch', '0'], /--scan-batch.*0/),
  bench('scan-batch-abc', ['--only', 'scan', '--scan-batch', 'abc'], /--scan-batch.*abc/),
  bench('gate-qubits-40', ['--only', 'gate', '--gate-qubits', '40'], /--gate-qubits 40.*need/),
  bench('train-qubits-40', ['--only', 'train', '--train-qubits', '40'], /--train-qubits 40.*need/),
  bench('mem-qubits-abc', ['--only', 'mem', '--mem-qubits', 'abc'], /--mem-qubits.*abc/),
  bench('iqp-samples', ['--only', 'iqp', '--iqp-qubits', '64', '--iqp-samples', '1e9,1e9'], /--iqp-samples|need/),
  bench('only-unknown', ['--only', 'nope'], /--only.*nope/),
  bench('engines-unknown', ['--engines', 'warp'], /--engines.*warp/),
  bench('check-qubits-40', ['--only', 'check', '--check-qubits', '40'], /--check-qubits 40.*need/),
  // hidden-unit studies
  ...studies.map((s) => study(s, 'nh-29', ['--nh', '29'], /--nh.*29.*need/)),
  ...studies.map((s) => study(s, 'nh-empty', ['--nh', ''], /--nh: expected an integer ≥ [01], got ""/)),
  ...studies.map((s) => study(s, 'seed-abc', ['--seed', 'abc'], /--seed.*abc/)),
  ...studies.map((s) => study(s, 'nv-0', ['--nv', '0'], /--nv.*0/)),
  study('entanglement', 'qubits-40', ['--qubits', '40'], /--qubits 40.*need/),
  study('entanglement', 'instances-1e12', ['--instances', '1e12'], /--instances.*need/),
  study('entanglement', 'depths-1e6', ['--depths', '1000000'], /--depths.*need/),
  study('gradient-free', 'shots-1e15', ['--shots', '1e15'], /--shots 1000000000000000: needs about/),
  study('gradient-free', 'optimizers', ['--optimizers', 'nope'], /--optimizers.*nope/),
  study('qbm', 'draws-1e12', ['--draws', '1e12'], /--draws.*need/),
  study('remedies', 'layers-1e6', ['--layers', '1e6'], /--layers.*need/),
  study('remedies', 'optimizer', ['--optimizer', 'nope'], /--optimizer.*nope/),
  c('entanglement-out-proc', 'out', () => ['entanglement', '--out', '/proc/x'], /--out \/proc\/x|\/proc\/x/),
  // mmd-spectrum
  // n = 1000 is computed exactly (log-space weights); beyond is refused
  study('mmd-spectrum', 'qubits-1001', ['--qubits', '1001'], /--qubits: expected an integer in 1\.\.1000, got "1001"/),
  study('mmd-spectrum', 'qubits-abc', ['--qubits', 'abc'], /--qubits.*abc/),
  study('mmd-spectrum', 'qubits-0', ['--qubits', '0'], /--qubits.*0/),
  study('mmd-spectrum', 'sigma-0', ['--qubits', '4', '--sigmas', '0'], /--sigmas item 1/),
  study('mmd-spectrum', 'sigma-tiny', ['--qubits', '4', '--sigmas', '1e-300'], /--sigmas item 1.*1e-300/),
  study('mmd-spectrum', 'sigma-garbage', ['--qubits', '4', '--sigmas', 'n/'], /--sigmas item 1/),
  c('mmd-spectrum-out-empty', 'out', () => ['mmd-spectrum', '--qubits', '4', '--out', ''], /--out.*empty/),
  c('mmd-spectrum-out-proc', 'out', () => ['mmd-spectrum', '--qubits', '4', '--out', '/proc/x'], /--out \/proc\/x/),
  // status and view
  c('status-missing', 'flag', (f) => ['status', f.at('nowhere')], /nowhere/),
  c('status-file', 'flag', (f) => ['status', f.at('good.json')], /good\.json/),
  c('status-not-study', 'flag', (f) => ['status', f.at('ds')], /ds/),
  c('view-port-abc', 'flag', () => ['view', '--port', 'abc'], /--port.*abc/),
  c('view-port-big', 'flag', () => ['view', '--port', '70000'], /--port.*70000/),
  c('view-dir-missing', 'flag', (f) => ['view', f.at('nowhere')], /nowhere: no such folder/),
  c('unknown-command', 'flag', () => ['frobnicate'], /frobnicate/),
];

/** Replaces every estimate in a finished scan folder's task files by null. */
function nullMeans(dir: string): void {
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json') && p.includes('tasks'))
        fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace(/"value":\s*-?[\d.eE+-]+/g, '"value": null'));
    }
  };
  walk(dir);
}

/** Replaces the final TVD of every run summary of a finished comparison folder by null. */
function nullSummaries(dir: string): void {
  for (const run of fs.readdirSync(path.join(dir, 'runs'))) {
    const f = path.join(dir, 'runs', run, 'summary.json'),
      s = JSON.parse(fs.readFileSync(f, 'utf8'));
    s.final.tvd_train = null;
    fs.writeFileSync(f, JSON.stringify(s));
  }
}
