/**
 * Runs hostile-input cases against the real command line (`node bin/plateau.js …`, the sandbox as working directory)
 * and judges each by the rule of issue 20: exit 2, exactly one line on stderr (`error: …`) that names the input
 * (the case's pattern), no stack trace, nothing on stdout, nothing written or changed in the sandbox or in the
 * project's models/, data/ and runs/, and a prompt answer (a refusal before allocation takes seconds, not minutes).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Fixtures, PLATEAU, ROOT } from './fixtures';

export interface HostileCase {
  /** Unique short name. */
  id: string;
  /** The input kind attacked (flag, set, config, spec, csv, hdf5, root, lhe, npy, data-folder, model, checkpoint, metrics, out, merge). */
  input: string;
  /** The command line after `plateau`, given the fixtures (which the function may add files to). */
  argv: (f: Fixtures) => string[];
  /** What the one error line must say: it names the offending input. */
  expect: RegExp;
  /** Extra environment. */
  env?: Record<string, string>;
}

export interface Verdict {
  id: string;
  input: string;
  clean: boolean;
  /** Why not clean (empty when clean). */
  problems: string[];
  status: number | null;
  stderr: string;
  stdout: string;
  seconds: number;
}

/** A listing of every file under `dir`: relative path → size and mtime. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        out.set(path.relative(dir, p) + '/', 'dir');
        walk(p);
      } else {
        const st = fs.lstatSync(p);
        out.set(path.relative(dir, p), `${st.size}:${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}

function diff(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [k, v] of after)
    if (!before.has(k)) changes.push(`+${k}`);
    else if (before.get(k) !== v) changes.push(`~${k}`);
  for (const k of before.keys()) if (!after.has(k)) changes.push(`-${k}`);
  return changes;
}

const WATCHED = ['models', 'data', 'runs'].map((d) => path.join(ROOT, d));

function exec(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PLATEAU, ...argv], {
      cwd,
      env: { ...process.env, PLATEAU_BACKEND: 'cpu', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '',
      stderr = '',
      timedOut = false;
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, timedOut });
    });
  });
}

/** Runs one case and judges it. Cases run one at a time (the snapshot must see only this case's writes). */
export async function runCase(c: HostileCase, fx: Fixtures, timeoutMs = 60000): Promise<Verdict> {
  const argv = c.argv(fx);
  const before = snapshot(fx.dir),
    watched = WATCHED.map(snapshot);
  const t0 = performance.now();
  const r = await exec(argv, fx.dir, c.env ?? {}, timeoutMs);
  const seconds = (performance.now() - t0) / 1000;
  const problems: string[] = [];
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  if (r.timedOut) problems.push(`no answer within ${timeoutMs / 1000} s (killed)`);
  else if (r.status !== 2) problems.push(`exit ${r.status}`);
  if (/^\s+at .+[:(]/m.test(r.stderr + r.stdout)) problems.push('stack trace');
  if (lines.length !== 1) problems.push(`${lines.length} lines on stderr`);
  else if (!lines[0].startsWith('error: ')) problems.push('stderr is not one "error: …" line');
  else if (!c.expect.test(lines[0])) problems.push(`message does not match ${c.expect}`);
  if (r.stdout.trim() !== '') problems.push('output on stdout');
  const changed = [
    ...diff(before, snapshot(fx.dir)),
    ...WATCHED.flatMap((d, i) =>
      diff(watched[i], snapshot(d)).map((x) => `${x[0]}${path.relative(ROOT, d)}/${x.slice(1)}`),
    ),
  ];
  if (changed.length)
    problems.push(`wrote ${changed.slice(0, 4).join(' ')}${changed.length > 4 ? ` … (${changed.length})` : ''}`);
  return {
    id: c.id,
    input: c.input,
    clean: problems.length === 0,
    problems,
    status: r.status,
    stderr: r.stderr,
    stdout: r.stdout,
    seconds,
  };
}

/** One line per case that is not clean, and the counts. */
export function summarise(vs: Verdict[]): string {
  const clean = vs.filter((v) => v.clean).length;
  const bad = vs
    .filter((v) => !v.clean)
    .map(
      (v) =>
        `  ${v.id} [${v.input}]: ${v.problems.join('; ')}\n      ${(v.stderr.trim().split('\n')[0] ?? '').slice(0, 200)}`,
    );
  return [
    `hostile CLI cases: ${clean}/${vs.length} clean (${((100 * clean) / Math.max(1, vs.length)).toFixed(1)} %)`,
    ...bad,
  ].join('\n');
}
