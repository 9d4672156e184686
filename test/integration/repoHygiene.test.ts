/**
 * What a user makes stays out of commits, and what ships stays tracked: saved models (models/<name>/) and datasets
 * (data/<name>/) are ignored by git, every shipped dataset folder and preset is not, and no run or model artefact is
 * tracked anywhere else. Skipped outside a git checkout (the offline bundle, a tarball).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
const inGit =
  fs.existsSync(path.join(root, '.git')) && git('rev-parse', '--is-inside-work-tree').stdout.trim() === 'true';
const ignored = (p: string) => git('check-ignore', '-q', '--no-index', p).status === 0;

(inGit ? test : test.skip)('user models and datasets are ignored; shipped ones are tracked and not ignored', () => {
  expect(ignored('models/my-model/model.json')).toBe(true);
  expect(ignored('data/my-dataset/data.csv')).toBe(true);
  const tracked = git('ls-files', 'data', 'models').stdout.trim().split('\n');
  const shippedData = [
    ...new Set(tracked.filter((f) => f.startsWith('data/')).map((f) => f.split('/').slice(0, 2).join('/'))),
  ];
  expect(shippedData.length).toBeGreaterThanOrEqual(7);
  for (const f of tracked) expect({ f, ignored: ignored(f) }).toEqual({ f, ignored: false });
  // a file a command writes into a shipped dataset folder (data --out data/showers-n9 --force) is not ignored either:
  // git shows it, so nothing shipped changes unnoticed
  for (const d of shippedData) expect({ d, ignored: ignored(`${d}/plots.png`) }).toEqual({ d, ignored: false });
});

(inGit ? test : test.skip)('no saved model, run folder or scratch file is tracked', () => {
  const all = git('ls-files').stdout.trim().split('\n');
  expect(all.filter((f) => /(^|\/)model\.json$/.test(f))).toEqual([]);
  expect(all.filter((f) => /^runs\/|(^|\/)(checkpoint|metrics)\.json(l)?$|\.tmp(\.\w+)?$/.test(f))).toEqual([]);
});
