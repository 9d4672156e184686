/**
 * Output-folder locks and claims (src/lock.ts, src/outputDir.ts): a live holder is refused with its pid, a dead or
 * silent one is taken over, a reused pid is told from its owner, a foreign non-empty folder is refused or moved aside
 * intact, and nothing is ever deleted.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCK_FILE, lockDir, lockFileOf, lockHolder } from '../src/lock';
import { claimOutputDir, holdsJson, prepareOutputDir } from '../src/outputDir';
import { checkName } from '../src/names';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lock-'));
const writeLock = (dir: string, info: object, ageMs = 0) => {
  fs.mkdirSync(dir, { recursive: true });
  const f = path.join(dir, LOCK_FILE);
  fs.writeFileSync(f, JSON.stringify(info));
  const t = new Date(Date.now() - ageMs);
  fs.utimesSync(f, t, t);
};
const deadPid = () =>
  spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;

test('a lock is exclusive within and across processes, and released', () => {
  const d = tmp();
  const a = lockDir(d, 'run folder');
  expect(() => lockDir(d, 'run folder')).toThrow(new RegExp(`run folder ${d} is in use by process ${process.pid}`));
  const tsx = path.resolve(__dirname, '../node_modules/.bin/tsx');
  const other = spawnSync(
    tsx,
    ['-e', `require(${JSON.stringify(path.resolve(__dirname, '../src/lock'))}).lockDir(${JSON.stringify(d)})`],
    { encoding: 'utf8' },
  );
  expect(other.status).not.toBe(0);
  expect(other.stderr).toContain(`is in use by process ${process.pid}`);
  a.release();
  expect(fs.existsSync(path.join(d, LOCK_FILE))).toBe(false);
  lockDir(d).release();
});

test('stale locks are taken over: a dead pid, a reused pid, a silent holder on another host', () => {
  const host = os.hostname();
  const d1 = tmp();
  writeLock(d1, { pid: Number(deadPid()), host, started: 'then', command: 'train.ts', pidStart: '1' });
  expect(lockHolder(d1)).toBeNull();
  lockDir(d1).release();
  // our own pid in a lock this process does not hold: a previous process that had the same pid
  const d2 = tmp();
  writeLock(d2, { pid: process.pid, host, started: 'then', command: 'train.ts', pidStart: '1' });
  expect(lockHolder(d2)).toBeNull();
  lockDir(d2).release();
  // a live pid whose start time differs: reused by an unrelated process (pid 1 exists in every container)
  const d3 = tmp();
  writeLock(d3, { pid: 1, host, started: 'then', command: 'train.ts', pidStart: 'not-a-start-time' });
  expect(lockHolder(d3)).toBeNull();
  // another host: held while it refreshes the lock, free once it stopped for 5 minutes
  const d4 = tmp();
  writeLock(d4, { pid: 12345, host: 'node042', started: 'then', command: 'train.ts', pidStart: null });
  expect(lockHolder(d4)).toMatch(/process 12345 on host node042/);
  expect(() => lockDir(d4)).toThrow(/in use by process 12345 on host node042/);
  writeLock(d4, { pid: 12345, host: 'node042', started: 'then', command: 'train.ts', pidStart: null }, 6 * 60_000);
  expect(lockHolder(d4)).toBeNull();
  lockDir(d4).release();
});

test('file locks guard one output file', () => {
  const d = tmp(),
    f = path.join(d, 'shards', 'shard-0-of-2.json');
  const l = lockFileOf(f, 'scan shard');
  expect(() => lockFileOf(f, 'scan shard')).toThrow(/scan shard .*shard-0-of-2\.json is in use/);
  l.release();
  expect(fs.readdirSync(path.dirname(f))).toEqual([]);
});

test('claims refuse files and foreign folders, reuse owned ones, and move aside only with force', () => {
  const d = tmp();
  fs.writeFileSync(path.join(d, 'file'), 'x');
  expect(() => prepareOutputDir(path.join(d, 'file'))).toThrow(/--out .*file: is a file, not a folder/);
  expect(() => prepareOutputDir('')).toThrow(/--out: empty path/);
  const mine = path.join(d, 'mine');
  fs.mkdirSync(mine);
  fs.writeFileSync(path.join(mine, 'notes.txt'), 'keep');
  expect(() => claimOutputDir(mine, { what: 'run folder' })).toThrow(
    /mine: exists and is not empty; .*--force to move it aside \(nothing is deleted\)/,
  );
  expect(fs.readdirSync(mine)).toEqual(['notes.txt']);
  const owned = holdsJson('notes.json', 'study', 'qbm');
  fs.writeFileSync(path.join(mine, 'notes.json'), JSON.stringify({ study: 'qbm' }));
  const c = claimOutputDir(mine, { ownedBy: owned });
  expect(c.state.kind).toBe('owned');
  expect(() => claimOutputDir(mine, { ownedBy: owned })).toThrow(/is in use by process/);
  c.lock.release();
  fs.writeFileSync(path.join(mine, 'notes.json'), JSON.stringify({ study: 'remedies' }));
  const f = claimOutputDir(mine, { ownedBy: owned, force: true });
  expect(f.state.kind).toBe('moved');
  const to = (f.state as { to: string }).to;
  expect(fs.readFileSync(path.join(to, 'notes.txt'), 'utf8')).toBe('keep');
  expect(fs.readdirSync(mine)).toEqual([LOCK_FILE]);
  f.lock.release();
  const ro = path.join(d, 'ro');
  fs.mkdirSync(ro, { mode: 0o500 });
  if (process.getuid?.() !== 0) expect(() => prepareOutputDir(path.join(ro, 'x'))).toThrow(/permission denied/);
});

test('names are single path segments', () => {
  for (const ok of ['showers-n16', 'my_data.v2', 'A1']) expect(checkName(ok, '--name')).toBe(ok);
  const bad: [string, RegExp][] = [
    ['../src', /contains a path separator/],
    ['a/b', /path separator/],
    ['.hidden', /starts with "\."/],
    ['', /is empty/],
    ['x'.repeat(300), /has 300 characters/],
    ['a b', /a character other than/],
    ['..', /starts with "\."/],
  ];
  for (const [name, re] of bad) expect(() => checkName(name, '--name')).toThrow(re);
});
