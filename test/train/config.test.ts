/** Run configs: presets resolve; each kind of bad input is refused with the path of the offending key. */
import * as fs from 'fs';
import * as path from 'path';
import { applyOverrides } from '../../src/config/overrides';
import { phaseAt, resolveTrainConfig } from '../../src/config/train';
import { configHash } from '../../src/train/checkpoint';
import { loadConfig, PRESET_DIR } from '../../src/train/session';

const base = {
  name: 't',
  data: { synthetic: 'ghz', n: 3 },
  model: { ansatz: 'hep', layers: 1 },
  loss: { loss: 'mmd', sigmas: ['n/4'] },
  steps: 10,
};

test('every preset in models/ resolves, with defaults filled in', () => {
  const presets = fs.readdirSync(PRESET_DIR).filter((f) => f.endsWith('.json'));
  expect(presets).toEqual(
    expect.arrayContaining([
      'start.json',
      'hep-n4.json',
      'hep-n9.json',
      'hep-n12.json',
      'hep-n16.json',
      'bas-3x3.json',
      'liu-wang-gaussian.json',
    ]),
  );
  for (const f of presets) {
    const c = loadConfig({ preset: f.replace('.json', ''), set: [] }).config;
    expect(c.steps).toBeGreaterThan(0);
    expect(c.out).toBe(`runs/${c.name}`);
  }
  const c = resolveTrainConfig(base);
  expect(c).toMatchObject({
    seed: 1,
    backend: 'auto',
    engine: 'auto',
    shots: null,
    gradient: 'autodiff',
    optimizer: { name: 'adam' },
    testFraction: 0.2,
  });
  expect(c.schedule).toEqual({ kind: 'exponential', lr0: 0.01, decay: 0.005, min: 1e-5 });
  expect(c.phases).toEqual([{ loss: { loss: 'mmd', sigmas: ['n/4'] }, steps: 10 }]);
});

test.each([
  [{ ...base, colour: 'red' }, /^config: colour: unknown key$/],
  [{ ...base, steps: -3 }, /config: steps: .*(>0|positive|greater)/i],
  [{ ...base, optimizer: { name: 'adam', beta1: 2 } }, /config: optimizer\.beta1/],
  [{ ...base, optimizer: { name: 'rmsprop' } }, /config: optimizer\.name/],
  [{ ...base, loss: 'hinge' }, /config: loss: unknown loss "hinge" \(known: kl, /],
  [{ ...base, loss: { loss: 'mmd', sigmas: ['n/0'] } }, /config: loss: sigmas\.0: malformed bandwidth/],
  [{ ...base, model: { ansatz: 'hep' } }, /config: model: layers: Invalid input/],
  [{ ...base, model: { ansatz: 'tree-tensor' } }, /config: model\.ansatz: unknown ansatz "tree-tensor"/],
  [{ ...base, data: { synthetic: 'zebra', n: 3 } }, /config: data\.synthetic: unknown dataset "zebra"/],
  [{ ...base, shots: 100 }, /finite shots need "gradient": "parameter-shift"/],
  [{ ...base, shots: 100, gradient: 'parameter-shift', optimizer: { name: 'lbfgs' } }, /lbfgs needs exact losses/],
  [{ ...base, hidden: 1, loss: 'lqf' }, /"lqf" compares full states/],
  [{ ...base, steps: undefined }, /steps: required/],
  [
    {
      ...base,
      steps: 5,
      loss: {
        phases: [
          { loss: 'kl', steps: 3 },
          { loss: 'tvd', steps: 4 },
        ],
      },
    },
    /steps: 5 differs from the phases' total 7/,
  ],
  [{ ...base, loss: { phases: [{ loss: 'kl' }] } }, /loss\.phases\.0\.steps: expected a positive integer/],
])('bad config %#: %s', (raw, message) => {
  expect(() => resolveTrainConfig(raw, 'config')).toThrow(message);
});

test('curricula: phases add up and phaseAt finds the active one', () => {
  const c = resolveTrainConfig({
    ...base,
    steps: undefined,
    loss: {
      phases: [
        { loss: 'mmd', sigmas: ['n'], steps: 3 },
        { loss: 'kl', steps: 2 },
      ],
    },
  });
  expect(c.steps).toBe(5);
  expect([0, 2, 3, 4].map((t) => phaseAt(c.phases, t).index)).toEqual([0, 0, 1, 1]);
});

test('--set overrides any key by dotted path, typed as JSON when possible', () => {
  const raw = applyOverrides(base, [
    'optimizer.name=sgd',
    'optimizer.momentum=0.9',
    'loss={"loss":"kl","epsilon":1e-4}',
    'name=x y',
  ]);
  expect(raw).toMatchObject({
    optimizer: { name: 'sgd', momentum: 0.9 },
    loss: { loss: 'kl', epsilon: 1e-4 },
    name: 'x y',
  });
  expect(() => applyOverrides(base, ['noequals'])).toThrow('--set noequals: expected key.path=value');
});

test('the config hash ignores out/description but sees everything else', () => {
  const a = resolveTrainConfig(base),
    b = resolveTrainConfig({ ...base, out: 'elsewhere', description: 'x' }),
    c = resolveTrainConfig({ ...base, seed: 2 });
  expect(configHash(a)).toBe(configHash(b));
  expect(configHash(a)).not.toBe(configHash(c));
  expect(path.isAbsolute(PRESET_DIR)).toBe(true);
});
