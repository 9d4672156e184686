/** Following metrics.jsonl: only new complete lines per poll, a line being written waits, a rewritten file starts over. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MetricsTail } from '../../src/view/metricsTail';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'view-tail-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('appends, partial lines, multi-byte characters split across polls', () => {
  const file = path.join(tmp, 'm.jsonl'),
    tail = new MetricsTail<{ step: number; k?: string }>(file);
  expect(tail.poll()).toEqual({ added: [], reset: false }); // not there yet
  fs.writeFileSync(file, '{"step":0}\n{"step":1}\n');
  expect(tail.poll().added.map((r) => r.step)).toEqual([0, 1]);
  expect(tail.poll().added).toEqual([]);
  const line = Buffer.from('{"step":2,"k":"σ=n/4"}\n');
  const cut = line.indexOf(Buffer.from('σ')) + 1; // inside the two bytes of σ
  fs.appendFileSync(file, line.subarray(0, cut));
  expect(tail.poll().added).toEqual([]);
  fs.appendFileSync(file, line.subarray(cut));
  expect(tail.poll().added).toEqual([{ step: 2, k: 'σ=n/4' }]);
  expect(tail.records.map((r) => r.step)).toEqual([0, 1, 2]);
});

test('a file replaced by a shorter one (a resume) resets; a deleted one empties', () => {
  const file = path.join(tmp, 'r.jsonl'),
    tail = new MetricsTail<{ step: number }>(file);
  fs.writeFileSync(file, [0, 10, 20, 30].map((s) => `{"step":${s}}\n`).join(''));
  tail.poll();
  const gen = tail.generation;
  fs.writeFileSync(`${file}.tmp`, '{"step":0}\n{"step":10}\n');
  fs.renameSync(`${file}.tmp`, file); // as writeFileAtomic does
  const p = tail.poll();
  expect(p.reset).toBe(true);
  expect(p.added.map((r) => r.step)).toEqual([0, 10]);
  expect(tail.generation).toBe(gen + 1);
  fs.rmSync(file);
  expect(tail.poll().reset).toBe(true);
  expect(tail.records).toEqual([]);
});

test('a line that is not JSON is skipped, the others kept', () => {
  const file = path.join(tmp, 'bad.jsonl'),
    tail = new MetricsTail<{ step: number }>(file);
  fs.writeFileSync(file, '{"step":0}\nnot json\n{"step":5}\n');
  expect(tail.poll().added.map((r) => r.step)).toEqual([0, 5]);
});
