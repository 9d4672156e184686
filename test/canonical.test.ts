/**
 * One canonical JSON and one hash for configs, scan specs and scan tasks. The hashes go into result files (run.json
 * configHash, scan specHash and task hashes), so they are pinned here: the values were computed by the two
 * implementations this module replaced (train/checkpoint.ts and studies/scan/spec.ts before they shared it).
 */
import { createHash } from 'crypto';
import { canonicalHash, canonicalJson } from '../src/canonical';
import { configHash } from '../src/train/checkpoint';
import { resolveScanSpec, specHash } from '../src/studies/scan/spec';
import { pointHash } from '../src/studies/scan/tasks';

const value = { b: 1, a: { d: 2, c: [3, { f: 1, e: 2, skip: undefined }] } };
const written = '{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}';

test('canonical JSON sorts keys at every level, keeps array order, leaves out undefined members', () => {
  expect(canonicalJson(value)).toBe(written);
  expect(canonicalHash(value)).toBe(createHash('sha256').update(written).digest('hex'));
});

test('a config hash leaves out out and description (a moved run still resumes)', () => {
  expect(configHash({ ...value, out: 'runs/x', description: 'moved' })).toBe(canonicalHash(value));
});

test('scan spec and task hashes are the ones written before the two implementations were merged', () => {
  const s = resolveScanSpec({ losses: ['kl', 'mmd(1;n/4)'], qubits: [2, 3], seed: 7 });
  expect(specHash(s)).toBe('3613be8f9ad8f258');
  expect(pointHash(s, { n: 3, depth: s.depths[0] })).toBe('50ed6f202e45a979');
});
