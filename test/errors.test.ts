/** zodConfigError: the one message policy for input that fails a schema (every issue, its key path and value). */
import { z } from 'zod';
import { ConfigError, zodConfigError } from '../src/errors';

const schema = z.strictObject({
  n: z.number().int().min(1),
  name: z.string(),
  inner: z.strictObject({ lr: z.number().positive() }).optional(),
  theta: z.array(z.number()).optional(),
});
const fail = (raw: unknown) => zodConfigError(schema.safeParse(raw).error!, 'run.json', raw);

test('every issue, with its key path and the value found there, on one line', () => {
  const e = fail({ n: 0, inner: { lr: -1 } });
  expect(e).toBeInstanceOf(ConfigError);
  expect(e.message).toBe(
    'run.json: n: Too small: expected number to be >=1 (got 0); name: Invalid input: expected string, received undefined; inner.lr: Too small: expected number to be >0 (got -1)',
  );
});

test('unknown keys are named with their path; a root issue has no path', () => {
  expect(fail({ n: 1, name: 'a', colour: 'red', inner: { lr: 1, mom: 0 } }).message).toBe(
    'run.json: inner.mom: unknown key; colour: unknown key',
  );
  expect(fail(7).message).toBe('run.json: Invalid input: expected object, received number');
});

test('long values are cut, and past four issues the rest are counted', () => {
  expect(fail({ n: 1, name: 'a', theta: Array.from({ length: 40 }, (_, i) => i).concat([NaN]) }).message).toMatch(
    /^run\.json: theta\.40: Invalid input: expected number, received NaN \(got NaN\)$/,
  );
  const many = z.strictObject({
    a: z.string(),
    b: z.string(),
    c: z.string(),
    d: z.string(),
    e: z.string(),
    f: z.string(),
  });
  const msg = zodConfigError(many.safeParse({}).error!, 'x', {}).message;
  expect(msg).toMatch(/^x: a: .*; b: .*; c: .*; d: [^;]*; 2 more$/);
  const long = zodConfigError(z.strictObject({ t: z.string() }).safeParse({ t: Array(50).fill(1) }).error!, 'x', {
    t: Array(50).fill(1),
  }).message;
  expect(long).toBe(
    `x: t: Invalid input: expected string, received array (got ${JSON.stringify(Array(50).fill(1)).slice(0, 60)}…)`,
  );
});
