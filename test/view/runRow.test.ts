/** Run status from the folder alone (lock, summary, checkpoint) and steps/s over the current session. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lockDir } from '../../src/lock';
import { MetricsLine, runStatus, stepsPerSecond } from '../../src/view/runRow';
import { writeRun } from './fixtures';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'view-row-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('running while the lock is held; finished, interrupted and failed after', () => {
  const dir = writeRun(path.join(tmp, 'live'), { name: 'live' });
  const lock = lockDir(dir, 'run folder');
  try {
    expect(runStatus(dir)).toMatchObject({ status: 'running', note: expect.stringMatching(/^locked by process \d+/) });
  } finally {
    lock.release();
  }
  expect(runStatus(dir).status).toBe('failed');
  expect(runStatus(dir).note).toBe('ended before its first checkpoint');
  expect(runStatus(writeRun(path.join(tmp, 'done'), { name: 'done', summary: 'finished' }))).toEqual({
    status: 'finished',
    note: '',
  });
  expect(runStatus(writeRun(path.join(tmp, 'stop'), { name: 'stop', summary: 'interrupted' })).status).toBe(
    'interrupted',
  );
  const crashed = runStatus(writeRun(path.join(tmp, 'crash'), { name: 'crash', checkpointStep: 10 }));
  expect(crashed.status).toBe('failed');
  expect(crashed.note).toMatch(/checkpoint at step 10 resumes with plateau train --resume/);
  // a comparison's run stopped by a signal keeps its checkpoint and no summary: interrupted
  expect(
    runStatus(writeRun(path.join(tmp, 'cmp'), { name: 'cmp', checkpointStep: 10, extra: { compare: 'c' } })).status,
  ).toBe('interrupted');
});

test('a lock left by a dead process does not count as running', () => {
  const dir = writeRun(path.join(tmp, 'dead'), { name: 'dead', summary: 'finished' });
  fs.writeFileSync(
    path.join(dir, '.plateau.lock'),
    JSON.stringify({ pid: 2 ** 22 + 1, host: os.hostname(), started: 'x', command: 'train', pidStart: null }),
  );
  expect(runStatus(dir).status).toBe('finished');
});

test('steps/s over the evaluations of the last session', () => {
  const line = (step: number, seconds: number): MetricsLine => ({ step, seconds });
  expect(stepsPerSecond([])).toBeNull();
  expect(stepsPerSecond([line(0, 0)])).toBeNull();
  expect(stepsPerSecond([line(0, 0), line(10, 2), line(20, 4)])).toBeCloseTo(5);
  // resumed at step 20: the clock restarts, only the new session counts
  expect(stepsPerSecond([line(0, 0), line(10, 2), line(20, 4), line(30, 0.5), line(40, 1.5)])).toBeCloseTo(10);
});
