/**
 * Shards: one run and the merge of 3 shards write byte-identical scan.json / scan.csv / fits.csv / plots; merges of
 * foreign, duplicate or missing shards are refused with one line; finished shard files are reused, --fresh recomputes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BackendReport, initBackend } from '../../../src/backend/backend';
import { ConfigError } from '../../../src/errors';
import { writeJsonAtomic } from '../../../src/fsutil';
import { runScan, mergeAndWrite } from '../../../src/studies/scan/run';
import { mergeShards, runShard, shardPath } from '../../../src/studies/scan/shards';
import { resolveScanSpec } from '../../../src/studies/scan/spec';

let backend: BackendReport;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-shards-'));
const spec = resolveScanSpec({ losses: ['mmd(n/4)', 'kl', 'zz'], qubits: [2, 3, 4], depths: [1, 'haar'], draws: 12, shots: ['exact', 30], bootstrap: 20, datasets: ['ghz', 'random:n'] });

beforeAll(async () => {
  backend = await initBackend('cpu');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const OUTPUTS = ['scan.json', 'scan.csv', 'fits.csv', 'gradient-variance.svg', 'loss-variance.svg', 'loss-variance.png'];

test('three shards, run separately and merged, give byte-identical outputs to one run', async () => {
  const one = path.join(tmp, 'one'), three = path.join(tmp, 'three');
  await runScan(spec, { out: one, backend, quiet: true });
  const files = [2, 0, 1].map((i) => runShard(spec, { index: i, count: 3 }, { out: three, backend }).file);
  const table = await mergeAndWrite(files, three);
  for (const f of OUTPUTS) expect(fs.readFileSync(path.join(three, f)).equals(fs.readFileSync(path.join(one, f)))).toBe(true);
  expect(table).toContain('verdicts:');
  const doc = JSON.parse(fs.readFileSync(path.join(one, 'scan.json'), 'utf8'));
  expect(doc.points).toHaveLength(6);
  expect(doc.points[0].entries).toHaveLength(2 * 2 * 2 + 2); // (mmd, kl) × 2 datasets × 2 shot settings + zz × 2
});

test('merging refuses foreign, duplicate, missing and mixed-backend shards, each with one line', async () => {
  const out = path.join(tmp, 'refuse');
  const f = [0, 1, 2].map((i) => runShard(spec, { index: i, count: 3 }, { out, backend }).file);
  const other = resolveScanSpec({ ...spec, seed: 99 });
  const foreign = runShard(other, { index: 1, count: 3 }, { out: path.join(tmp, 'other'), backend }).file;
  const two = runShard(spec, { index: 1, count: 2 }, { out, backend }).file;
  const wasm = path.join(tmp, 'wasm-shard.json');
  writeJsonAtomic(wasm, { ...JSON.parse(fs.readFileSync(f[2], 'utf8')), backend: { ...backend, backend: 'wasm' } });
  const tampered = path.join(tmp, 'tampered.json');
  const t = JSON.parse(fs.readFileSync(f[2], 'utf8'));
  writeJsonAtomic(tampered, { ...t, spec: { ...t.spec, draws: 13 } });
  const cases: [string[], RegExp][] = [
    [[f[0], foreign, f[2]], /^merge: .*shard-1-of-3\.json has spec hash [0-9a-f]{16} but .*shard-0-of-3\.json has [0-9a-f]{16}: they are shards of different scans$/],
    [[f[0], f[1], f[1], f[2]], /^merge: shard 1\/3 given twice \(.*shard-1-of-3\.json and .*shard-1-of-3\.json\)$/],
    [[f[0], f[2]], /^merge: missing shard 1 of 3 \(have 0, 2\)$/],
    [[f[0], two], /^merge: .*shard-1-of-2\.json is shard 1\/2 but .*shard-0-of-3\.json is shard 0\/3: shard counts differ$/],
    [[f[0], f[1], wasm], /^merge: .*wasm-shard\.json ran on backend wasm but .* on cpu: the numbers would differ from one run; rerun on one backend$/],
    [[f[0], f[1], tampered], /tampered\.json: its spec does not hash to the recorded [0-9a-f]{16} \(edited by hand\?\)$/],
    [[], /^merge: no shard files given$/],
  ];
  for (const [files, re] of cases) {
    let err: unknown;
    try {
      mergeShards(files);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(re);
  }
  expect(mergeShards(f).points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
});

test('a finished shard file is reused when its spec hash matches, recomputed with fresh or another spec', () => {
  const out = path.join(tmp, 'resume'), id = { index: 0, count: 2 };
  const first = runShard(spec, id, { out, backend });
  expect(first.reused).toBe(false);
  const again = runShard(spec, id, { out, backend });
  expect(again.reused).toBe(true);
  expect(again.shard.points).toEqual(first.shard.points);
  const fresh = runShard(spec, id, { out, backend, fresh: true });
  expect(fresh.reused).toBe(false);
  expect(fresh.shard.points).toEqual(first.shard.points);
  const changed = runShard(resolveScanSpec({ ...spec, draws: 10 }), id, { out, backend });
  expect(changed.reused).toBe(false);
  fs.writeFileSync(shardPath(out, id), '{"schema": "plateau.scan-shard/1", "trunc');
  expect(runShard(spec, id, { out, backend }).reused).toBe(false);
});
