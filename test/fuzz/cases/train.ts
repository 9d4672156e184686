/**
 * Hostile cases of `plateau train` and `plateau sample`: configs, --set keys and values, shortcut flags, --out and
 * --save-model paths, resumed run folders (checkpoint, metrics, run.json) and saved models (model.json).
 */
import * as fs from 'fs';
import * as path from 'path';
import { HostileCase } from '../harness';
import { Fixtures, GOOD_CONFIG } from '../fixtures';

const t = (f: Fixtures, ...args: string[]) => ['train', '--config', f.at('good.json'), '--quiet', ...args];
const set = (id: string, kv: string, expect: RegExp, input = 'set'): HostileCase => ({
  id,
  input,
  argv: (f) => t(f, '--set', kv, '--out', f.at(`out-${id}`)),
  expect,
});
const cfg = (id: string, content: unknown, expect: RegExp): HostileCase => ({
  id,
  input: 'config',
  argv: (f) => ['train', '--config', f.file(`cfg-${id}.json`, content), '--quiet'],
  expect,
});
/** A copy of the finished run folder, edited, resumed. */
const resume = (id: string, input: string, edit: (dir: string) => void, expect: RegExp): HostileCase => ({
  id,
  input,
  argv: (f) => ['train', '--resume', f.copyOf('run', `run-${id}`, edit), '--quiet'],
  expect,
});
const editJson = (file: string, edit: (v: Record<string, unknown>) => unknown) => {
  const v = JSON.parse(fs.readFileSync(file, 'utf8'));
  const r = edit(v);
  fs.writeFileSync(file, JSON.stringify(r === undefined ? v : r));
};
const ckpt = (dir: string, edit: (c: Record<string, unknown>) => unknown) =>
  editJson(path.join(dir, 'checkpoint.json'), edit);
const sample = (id: string, input: string, argv: (f: Fixtures) => string[], expect: RegExp): HostileCase => ({
  id: `sample-${id}`,
  input,
  argv: (f) => ['sample', ...argv(f)],
  expect,
});
const model = (dir: string, edit: (m: Record<string, unknown>) => unknown) =>
  editJson(path.join(dir, 'model.json'), edit);

const cases: HostileCase[] = [
  set('proto', '__proto__.polluted=1', /--set __proto__\.polluted=1: .*"__proto__"/),
  set(
    'constructor',
    'constructor.prototype.polluted=1',
    /--set constructor\.prototype\.polluted=1: "constructor" is not a config key/,
  ),
  set('proto-inner', 'model.__proto__.layers=1', /--set model\.__proto__.*"__proto__"/),
  set('no-eq', 'steps', /--set steps: expected key\.path=value/),
  set('empty-key', '=3', /--set =3: expected key\.path=value/),
  set('unknown-key', 'bogus=1', /bogus/),
  set('layers-1e6', 'model.layers=1e6', /model of 4 qubits .*model\.layers 1000000\): needs about .* GiB/),
  // layers 0 of hep/hea/liu-wang is their product layer (a model); McClean's has no parameters: refused
  set(
    'layers-0',
    'model={"ansatz":"mcclean","layers":0}',
    /model: the mcclean ansatz with layers 0 has no parameters to train/,
  ),
  set('layers-neg', 'model.layers=-2', /model\.layers/),
  set('layers-frac', 'model.layers=1.5', /model\.layers/),
  set('kbody', 'eval.kBody=100', /eval\.kBody.*100.*4 qubits/),
  set('sigma-tiny', 'loss.sigmas=[1e-300]', /sigmas\.0: σ = 1e-300 is below 6\.7e-4/),
  set('sigma-zero', 'loss.sigmas=[0]', /sigmas\.0/),
  set('sigma-nan', 'loss.sigmas=["NaN"]', /sigmas\.0/),
  // α = 1 is the KL divergence (computed as such); just beside 1 the float32 sum is lost to rounding: refused
  set('renyi-near-1', 'loss={"loss":"renyi","alpha":1.0001}', /loss: alpha: within 1e-3 of 1/),
  set('hidden-huge', 'hidden=40', /model of 44 qubits \(4 from the data, hidden 40, model\.layers 1\): needs about/),
  set('name-long', `name=${'n'.repeat(300)}`, /name: at most 100 characters/),
  set('name-slash', 'name=../../x', /name/),
  set('eval-every-0', 'eval.every=0', /eval\.every/),
  set('ckpt-every-neg', 'checkpoint.every=-1', /checkpoint\.every/),
  set('lr-nan', 'schedule={"kind":"constant","lr":"NaN"}', /schedule/),
  set('testfraction', 'testFraction=2', /testFraction/),
  set('data-n-40', 'data={"synthetic":"parity","n":40}', /data: n: .*\(got 40\)/),
  set('data-path-missing', 'data={"path":"nowhere"}', /nowhere: no such file or folder/),
  set('data-path-empty', 'data={"path":""}', /data: path: .*\(got ""\)/),
  set('init-std-0', 'init={"kind":"normal","std":0}', /init/),
  set('weights-overflow', `data={"path":"ds-overflow"}`, /weights sum to Infinity/),
  {
    id: 'shots-1e15',
    input: 'flag',
    argv: (f) => t(f, '--shots', '1e15', '--set', 'gradient=parameter-shift', '--out', f.at('o-shots')),
    expect: /model of 4 qubits \(4 from the data, model\.layers 1, shots 1000000000000000\): needs about/,
  },
  {
    id: 'shots-frac',
    input: 'flag',
    argv: (f) => t(f, '--shots', '10.9', '--set', 'gradient=parameter-shift', '--out', f.at('o-shots2')),
    expect: /--shots 10\.9: shots: expected exact or a positive integer number of shots, got 10\.9/,
  },
  {
    id: 'shots-abc',
    input: 'flag',
    argv: (f) => t(f, '--shots', 'abc'),
    expect: /--shots abc: shots: expected exact or a positive integer number of shots, got "abc"/,
  },
  { id: 'seed-abc', input: 'flag', argv: (f) => t(f, '--seed', 'abc'), expect: /seed.*abc/ },
  { id: 'seed-frac', input: 'flag', argv: (f) => t(f, '--seed', '1.5'), expect: /seed.*1\.5/ },
  { id: 'steps-abc', input: 'flag', argv: (f) => t(f, '--steps', 'abc'), expect: /steps.*abc/ },
  { id: 'steps-0', input: 'flag', argv: (f) => t(f, '--steps', '0'), expect: /steps/ },
  { id: 'loss-unknown', input: 'flag', argv: (f) => t(f, '--loss', 'nope'), expect: /loss.*"nope"/ },
  { id: 'loss-badjson', input: 'flag', argv: (f) => t(f, '--loss', '{"loss":'), expect: /loss/ },
  { id: 'engine-unknown', input: 'flag', argv: (f) => t(f, '--engine', 'warp'), expect: /engine: Invalid option/ },
  { id: 'backend-unknown', input: 'flag', argv: (f) => t(f, '--backend', 'abacus'), expect: /abacus/ },
  { id: 'unknown-flag', input: 'flag', argv: (f) => t(f, '--colour'), expect: /--colour/ },
  { id: 'no-source', input: 'flag', argv: () => ['train', '--quiet'], expect: /--config|--preset|--resume/ },
  { id: 'preset-unknown', input: 'flag', argv: () => ['train', '--preset', 'nope'], expect: /preset "nope"/ },
  {
    id: 'preset-path',
    input: 'flag',
    argv: () => ['train', '--preset', '../package'],
    expect: /--preset "\.\.\/package" contains a path separator/,
  },
  { id: 'out-empty', input: 'out', argv: (f) => t(f, '--out', ''), expect: /--out.*empty/ },
  { id: 'out-proc', input: 'out', argv: (f) => t(f, '--out', '/proc/x'), expect: /--out \/proc\/x/ },
  {
    id: 'out-proc-deep',
    input: 'out',
    argv: (f) => t(f, '--out', '/proc/self/x/y'),
    expect: /--out \/proc\/self\/x\/y/,
  },
  {
    id: 'out-file',
    input: 'out',
    argv: (f) => t(f, '--out', f.at('good.json')),
    expect: /--out .*good\.json: is a file/,
  },
  {
    id: 'out-under-file',
    input: 'out',
    argv: (f) => t(f, '--out', path.join(f.at('good.json'), 'x')),
    expect: /--out .*good\.json\/x/,
  },
  { id: 'out-long', input: 'out', argv: (f) => t(f, '--out', f.at('l'.repeat(300))), expect: /--out .*name too long/ },
  { id: 'out-dev-null', input: 'out', argv: (f) => t(f, '--out', '/dev/null'), expect: /--out \/dev\/null/ },
  {
    id: 'save-model-empty',
    input: 'flag',
    argv: (f) => t(f, '--save-model', '', '--out', f.at('o-sm')),
    expect: /--save-model.*empty/,
  },
  {
    id: 'save-model-climb',
    input: 'flag',
    argv: (f) => t(f, '--save-model', '../../../tmp/x', '--out', f.at('o-sm2')),
    expect: /--save-model.*path separator/,
  },
  {
    id: 'save-model-long',
    input: 'flag',
    argv: (f) => t(f, '--save-model', 'm'.repeat(300), '--out', f.at('o-sm3')),
    expect: /--save-model.*300 characters/,
  },
  cfg('string', '"hello"', /cfg-string\.json: expected a JSON object \(a run config\), got a string/),
  cfg('null', 'null', /cfg-null\.json: expected a JSON object \(a run config\), got null/),
  cfg('array', '[1,2]', /cfg-array\.json: expected a JSON object \(a run config\), got an array/),
  cfg('number', '42', /cfg-number\.json: expected a JSON object \(a run config\), got a number/),
  cfg('empty', '', /cfg-empty\.json: (empty|not valid JSON)/),
  cfg('garbage', '{"name": "x",,}', /cfg-garbage\.json: not valid JSON/),
  cfg('binary', new Uint8Array([0xff, 0xfe, 0, 1, 2, 0x80]), /cfg-binary\.json: not valid JSON/),
  cfg('deep', `${'['.repeat(100000)}${']'.repeat(100000)}`, /cfg-deep\.json: nested deeper than 200 levels/),
  cfg('no-name', { ...GOOD_CONFIG, name: undefined }, /name/),
  cfg('null-data', { ...GOOD_CONFIG, data: null }, /data/),
  cfg('null-model', { ...GOOD_CONFIG, model: null }, /model/),
  cfg('null-loss', { ...GOOD_CONFIG, loss: null }, /loss/),
  cfg('phases-null', { ...GOOD_CONFIG, loss: { phases: [null] } }, /loss\.phases\.0/),
  { id: 'config-dir', input: 'config', argv: (f) => ['train', '--config', f.dir], expect: /is a folder/ },
  {
    id: 'config-missing',
    input: 'config',
    argv: (f) => ['train', '--config', f.at('nope.json')],
    expect: /nope\.json: no such file/,
  },
  // datasets named by a config
  {
    id: 'card-null',
    input: 'data-folder',
    argv: (f) =>
      t(
        f,
        '--set',
        `data={"path":"${f.copyOf('ds', 'ds-null', (d) => fs.writeFileSync(path.join(d, 'card.json'), 'null'))}"}`,
      ),
    expect: /ds-null\/card\.json: expected a data card object, got null/,
  },
  {
    id: 'card-no-qubitmap',
    input: 'data-folder',
    argv: (f) =>
      t(
        f,
        '--set',
        `data={"path":"${f.copyOf('ds', 'ds-noqm', (d) => editJson(path.join(d, 'card.json'), (c) => void delete c.qubitMap))}"}`,
      ),
    expect: /ds-noqm\/card\.json: qubitMap: missing or not an object/,
  },
  {
    id: 'card-nqubits-str',
    input: 'data-folder',
    argv: (f) =>
      t(
        f,
        '--set',
        `data={"path":"${f.copyOf('ds', 'ds-nq', (d) => editJson(path.join(d, 'card.json'), (c) => void (c.nQubits = '4')))}"}`,
      ),
    expect: /ds-nq\/card\.json.*nQubits/,
  },
  {
    id: 'data-inf-weight',
    input: 'data-folder',
    argv: (f) =>
      t(
        f,
        '--set',
        `data={"path":"${f.copyOf('ds', 'ds-inf', (d) => fs.writeFileSync(path.join(d, 'data.csv'), 'bitstring,count\n0000,1e309\n1111,1\n'))}"}`,
      ),
    expect: /ds-inf\/data\.csv:2.*(Infinity|finite)/,
  },
  {
    id: 'data-zero-weight',
    input: 'data-folder',
    argv: (f) =>
      t(
        f,
        '--set',
        `data={"path":"${f.copyOf('ds', 'ds-zero', (d) => fs.writeFileSync(path.join(d, 'data.csv'), 'bitstring,count\n0000,0\n1111,0\n'))}"}`,
      ),
    expect: /weights sum to zero/,
  },
  {
    id: 'data-bad-bits',
    input: 'data-folder',
    argv: (f) =>
      t(
        f,
        '--set',
        `data={"path":"${f.copyOf('ds', 'ds-bits', (d) => fs.writeFileSync(path.join(d, 'data.csv'), 'bitstring,count\n0020,1\n'))}"}`,
      ),
    expect: /ds-bits\/data\.csv:2.*"2"/,
  },
  {
    id: 'data-csv-inf',
    input: 'csv',
    argv: (f) => t(f, '--set', `data={"path":"${f.file('inf.csv', 'bitstring,weight\n01,1e400\n10,1\n')}"}`),
    expect: /inf\.csv:2/,
  },
  {
    id: 'data-csv-wide',
    input: 'csv',
    argv: (f) => t(f, '--set', `data={"path":"${f.file('wide.csv', `bitstring,count\n${'1'.repeat(40)},1\n`)}"}`),
    expect: /wide\.csv/,
  },
  // resumed run folders
  resume(
    'ckpt-garbage',
    'checkpoint',
    (d) => fs.writeFileSync(path.join(d, 'checkpoint.json'), '{"format": garbage'),
    /checkpoint\.json: corrupt checkpoint/,
  ),
  resume(
    'ckpt-empty',
    'checkpoint',
    (d) => fs.writeFileSync(path.join(d, 'checkpoint.json'), ''),
    /checkpoint\.json: corrupt checkpoint/,
  ),
  resume(
    'ckpt-step-huge',
    'checkpoint',
    (d) => ckpt(d, (c) => void (c.step = 1e9)),
    /checkpoint\.json: step 1000000000 is past the end of this run \(4 steps\)/,
  ),
  resume(
    'ckpt-step-behind',
    'checkpoint',
    (d) => ckpt(d, (c) => void (c.step = 0)),
    /metrics\.jsonl:\d+: a metrics line of step 4, but .*checkpoint\.json is at step 0/,
  ),
  resume(
    'ckpt-rng-garbage',
    'checkpoint',
    (d) => ckpt(d, (c) => void (c.rng = 'garbage')),
    /checkpoint\.json: not a plateau checkpoint: rng: not a random-number state/,
  ),
  resume(
    'ckpt-rng-object',
    'checkpoint',
    (d) => ckpt(d, (c) => void (c.rng = { i: 1e9, j: -3, S: [1, 2] })),
    /checkpoint\.json: not a plateau checkpoint: rng: not a random-number state/,
  ),
  resume(
    'ckpt-theta-short',
    'checkpoint',
    (d) => ckpt(d, (c) => void (c.theta = [1, 2])),
    /checkpoint\.json: checkpoint has 2 parameters/,
  ),
  resume('ckpt-theta-null', 'checkpoint', (d) => ckpt(d, (c) => void (c.theta = null)), /checkpoint\.json: .*theta/),
  resume(
    'ckpt-opt-garbage',
    'checkpoint',
    (d) => ckpt(d, (c) => void (c.optimizer = { name: 'adam', state: 'x' })),
    /checkpoint\.json: optimizer: adam: checkpoint state does not fit/,
  ),
  resume(
    'ckpt-opt-name',
    'checkpoint',
    (d) => ckpt(d, (c) => void (c.optimizer = { name: 'sgd', state: {} })),
    /checkpoint\.json: optimizer: the checkpoint holds sgd state, the run uses adam/,
  ),
  resume(
    'ckpt-hash',
    'checkpoint',
    (d) => ckpt(d, (c) => void (c.configHash = 'abc')),
    /checkpoint\.json: checkpoint belongs to a different config/,
  ),
  resume(
    'ckpt-evals-neg',
    'checkpoint',
    (d) => ckpt(d, (c) => void (c.evaluations = -1)),
    /checkpoint\.json: .*evaluations/,
  ),
  resume(
    'ckpt-missing',
    'checkpoint',
    (d) => fs.rmSync(path.join(d, 'checkpoint.json')),
    /no checkpoint to resume from/,
  ),
  resume(
    'ckpt-dir',
    'checkpoint',
    (d) => {
      fs.rmSync(path.join(d, 'checkpoint.json'));
      fs.mkdirSync(path.join(d, 'checkpoint.json'));
    },
    /checkpoint\.json: is a folder, not a checkpoint/,
  ),
  resume(
    'metrics-garbage-mid',
    'metrics',
    (d) => fs.writeFileSync(path.join(d, 'metrics.jsonl'), '{"step":0}\nGARBAGE\n{"step":2}\n'),
    /metrics\.jsonl:2: not a metrics line/,
  ),
  resume(
    'metrics-no-step',
    'metrics',
    (d) => fs.writeFileSync(path.join(d, 'metrics.jsonl'), '{"step":0}\n{"loss":1}\n{"step":4}\n'),
    /metrics\.jsonl:2: .*step/,
  ),
  resume(
    'metrics-ahead',
    'metrics',
    (d) => fs.appendFileSync(path.join(d, 'metrics.jsonl'), '{"step":90}\n'),
    /metrics\.jsonl:\d+: a metrics line of step 90, but .*checkpoint\.json is at step 4/,
  ),
  resume('runjson-missing', 'checkpoint', (d) => fs.rmSync(path.join(d, 'run.json')), /run\.json: no such file/),
  resume('runjson-string', 'checkpoint', (d) => fs.writeFileSync(path.join(d, 'run.json'), '"x"'), /run\.json: /),
  resume(
    'runjson-bad-input',
    'checkpoint',
    (d) => editJson(path.join(d, 'run.json'), (r) => void ((r.input as Record<string, unknown>).steps = 'many')),
    /run\.json: steps/,
  ),
  {
    id: 'resume-missing',
    input: 'flag',
    argv: (f) => ['train', '--resume', f.at('nowhere')],
    expect: /nowhere.*no such/,
  },
  { id: 'resume-file', input: 'flag', argv: (f) => ['train', '--resume', f.at('good.json')], expect: /good\.json/ },
  {
    id: 'resume-set',
    input: 'flag',
    argv: (f) => ['train', '--resume', f.at('run'), '--set', 'steps=9'],
    expect: /--resume .*--set/,
  },
  // sample: flags and saved models
  sample('shots-frac', 'flag', (f) => ['--model', f.at('model'), '--shots', '10.9'], /--shots.*10\.9/),
  sample('shots-abc', 'flag', (f) => ['--model', f.at('model'), '--shots', 'abc'], /--shots.*abc/),
  sample('shots-0', 'flag', (f) => ['--model', f.at('model'), '--shots', '0'], /--shots.*0/),
  sample(
    'shots-3e8',
    'flag',
    (f) => ['--model', f.at('model'), '--shots', '3e8'],
    /--shots 300000000: needs about .* of JavaScript heap/,
  ),
  sample(
    'shots-1e15',
    'flag',
    (f) => ['--model', f.at('model'), '--shots', '1e15'],
    /--shots 1000000000000000: needs about/,
  ),
  sample('seed-abc', 'flag', (f) => ['--model', f.at('model'), '--seed', 'abc'], /--seed.*abc/),
  sample('out-empty', 'out', (f) => ['--model', f.at('model'), '--out', ''], /--out.*empty/),
  sample(
    'out-dir',
    'out',
    (f) => ['--model', f.at('model'), '--out', f.at('ds')],
    /--out .*\/ds: is a folder; give a file path/,
  ),
  sample(
    'out-proc',
    'out',
    (f) => ['--model', f.at('model'), '--out', '/proc/x.csv'],
    /--out \/proc\/x\.csv: cannot create a file in \/proc/,
  ),
  sample('model-missing', 'model', (f) => ['--model', f.at('nope')], /nope.*no such/),
  sample(
    'model-empty-dir',
    'model',
    (f) => ['--model', f.copyOf('model', 'model-empty', (d) => fs.rmSync(path.join(d, 'model.json')))],
    /model-empty\/model\.json: no such model file/,
  ),
  sample(
    'model-garbage',
    'model',
    (f) => ['--model', f.file('m-garbage/model.json', '{oops')],
    /m-garbage\/model\.json: not valid JSON/,
  ),
  sample(
    'model-string',
    'model',
    (f) => ['--model', f.file('m-string/model.json', '"x"')],
    /m-string\/model\.json: not a plateau model/,
  ),
  sample(
    'model-card-null',
    'model',
    (f) => ['--model', f.copyOf('model', 'm-cardnull', (d) => model(d, (m) => void (m.dataCard = null)))],
    /m-cardnull\/model\.json: .*dataCard/,
  ),
  sample(
    'model-card-features',
    'model',
    (f) => [
      '--model',
      f.copyOf('model', 'm-feat', (d) =>
        model(
          d,
          (m) =>
            void ((m.dataCard as Record<string, unknown>).qubitMap = {
              kind: 'features',
              features: [
                {
                  name: 'mass',
                  bits: 2,
                  binning: 'uniform',
                  code: 'binary',
                  firstQubit: 0,
                  edges: [0, 0.25, 0.5, 0.75, 1],
                },
              ],
            }),
        ),
      ),
    ],
    /m-feat\/model\.json: dataCard\.qubitMap: the features take 2 qubits, the card has 4/,
  ),
  sample(
    'model-card-nqubits',
    'model',
    (f) => [
      '--model',
      f.copyOf('model', 'm-nq', (d) => model(d, (m) => void ((m.dataCard as Record<string, unknown>).nQubits = 5))),
    ],
    /m-nq\/model\.json: .*5/,
  ),
  sample(
    'model-theta-nan',
    'model',
    (f) => ['--model', f.copyOf('model', 'm-nan', (d) => model(d, (m) => void ((m.theta as unknown[])[0] = 'NaN')))],
    /m-nan\/model\.json: .*theta/,
  ),
  sample(
    'model-circuit-bad',
    'model',
    (f) => [
      '--model',
      f.copyOf('model', 'm-circ', (d) => model(d, (m) => void (m.circuit = { nQubits: 4, gates: [{ kind: 'warp' }] }))),
    ],
    /m-circ\/model\.json: circuit/,
  ),
  sample(
    'model-visible-oob',
    'model',
    (f) => ['--model', f.copyOf('model', 'm-vis', (d) => model(d, (m) => void (m.visibleQubits = [0, 1, 2, 9])))],
    /m-vis\/model\.json: visibleQubits \[0,1,2,9\] must be distinct qubits of the 4-qubit circuit/,
  ),
];

/** Every case, train cases named train-…, sample cases sample-…. */
export const trainCases: HostileCase[] = cases.map((c) =>
  c.id.startsWith('sample-') ? c : { ...c, id: `train-${c.id}` },
);
