/** Hand-made run folders for the view's tests: run.json, metrics.jsonl and, when ended, summary.json and a checkpoint. */
import * as fs from 'fs';
import * as path from 'path';

export interface FixtureRun {
  name: string;
  steps?: number;
  /** Steps of the metrics lines written (default 0, 10, 20). */
  at?: number[];
  summary?: 'finished' | 'interrupted';
  checkpointStep?: number;
  extra?: Record<string, unknown>;
}

/** One exact metrics line at `step`, numbers that fall with the step. */
export function metricsLine(step: number, seconds = step / 100): Record<string, unknown> {
  const f = 1 / (1 + step);
  return {
    step,
    phase: 0,
    loss: step === 0 ? null : 0.5 * f,
    grad_norm: step === 0 ? null : f,
    lr: 0.05,
    evaluations: step,
    seconds,
    metrics: 'exact',
    tvd_train: 1.2 * f + 0.01,
    tvd_test: 1.3 * f + 0.02,
    kl_train: f,
    kl_test: 1.1 * f,
    mmd: { 'σ=1': 0.1 * f, 'σ=n/4': 0.2 * f },
    kbody_error: 0.3 * f,
    mass_on_train_support: 1 - f,
  };
}

export function writeRun(dir: string, r: FixtureRun): string {
  fs.mkdirSync(dir, { recursive: true });
  const steps = r.steps ?? 20,
    at = r.at ?? [0, 10, 20];
  fs.writeFileSync(
    path.join(dir, 'run.json'),
    JSON.stringify({
      plateau: '0.1.0',
      git: null,
      started: '2026-01-01T00:00:00.000Z',
      configHash: `hash-${r.name}`.padEnd(64, '0'),
      backend: { backend: 'cpu', device: 'test CPU', float: 'float32' },
      dataset: 'bas-2x2',
      circuit: 'hep-n4-L2',
      nParams: 42,
      config: { name: r.name, seed: 1, steps, model: { ansatz: 'hep' } },
      ...r.extra,
    }),
  );
  fs.writeFileSync(path.join(dir, 'metrics.jsonl'), at.map((s) => `${JSON.stringify(metricsLine(s))}\n`).join(''));
  if (r.checkpointStep !== undefined || r.summary)
    fs.writeFileSync(
      path.join(dir, 'checkpoint.json'),
      JSON.stringify({ step: r.checkpointStep ?? at[at.length - 1] }),
    );
  if (r.summary) {
    const last = metricsLine(at[at.length - 1]);
    const { step: _s, phase: _p, loss: _l, grad_norm: _g, lr: _r, evaluations: _e, seconds: _t, ...final } = last;
    fs.writeFileSync(
      path.join(dir, 'summary.json'),
      JSON.stringify({ name: r.name, status: r.summary, steps: at[at.length - 1], seconds: 0.2, final }),
    );
    fs.writeFileSync(path.join(dir, 'summary.md'), `## ${r.name}\n`);
  }
  return dir;
}

/** Every file below `dir` with its size and mtime: equal before and after means nothing was written. */
export function treeSnapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name),
        st = fs.lstatSync(p);
      out.push(`${path.relative(dir, p)} ${e.isDirectory() ? 'dir' : st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}
