/**
 * The files of a run folder: run.json at the start (resolved config, its hash, backend, versions), and at the end
 * params.json, model-vs-data.json, summary.json, summary.md and the plots (training curve, model vs data histogram,
 * and for image data the most probable images of data and model). Everything is written atomically.
 */
import * as fs from 'fs';
import * as path from 'path';
import { execSync } from 'child_process';
import { BackendReport } from '../backend/backend';
import { ConfigError } from '../errors';
import { toBitstring } from '../circuit/bits';
import { TrainConfig } from '../config/train';
import { PLATEAU_VERSION } from '../data/dataset';
import { topImages, topK, topKImages } from '../data/plots';
import { writeFileAtomic, writeJsonAtomic } from '../fsutil';
import { modelVsDataBars } from '../report/charts';
import { lineChart, savePlot } from '../report/plot';
import { configHash } from './checkpoint';
import { cardOf, nParamsOf, TrainingProblem } from './problem';
import { generatorQubits } from '../models/iqp/generators';
import { CorrelatorMetrics } from './iqpMetrics';
import { EvalMetrics } from './metrics';
import { EvalRecord, METRICS_FILE, TrainResult } from './trainer';

function gitSha(): string | null {
  try {
    return execSync('git rev-parse HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

export function writeRunInfo(
  runDir: string,
  config: TrainConfig,
  backend: BackendReport,
  extra: Record<string, unknown> = {},
): void {
  writeJsonAtomic(path.join(runDir, 'run.json'), {
    plateau: PLATEAU_VERSION,
    git: gitSha(),
    started: new Date().toISOString(),
    configHash: configHash(config),
    backend,
    ...extra,
    config,
  });
}

export function readMetrics(runDir: string): EvalRecord[] {
  const f = path.join(runDir, METRICS_FILE);
  if (!fs.existsSync(f)) return [];
  const lines = fs
    .readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const out: EvalRecord[] = [];
  for (const [i, l] of lines.entries()) {
    try {
      out.push(JSON.parse(l) as EvalRecord);
    } catch {
      if (i < lines.length - 1) throw new ConfigError(`${f}:${i + 1}: not a metrics line (malformed JSON)`);
      // a torn last line of an interrupted write: the resume drops it too
    }
  }
  return out;
}

/** Rows of "bitstring, data p̃, model q" for the union of the top-k of both, sorted by data then model. */
export function topBitstrings(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  n: number,
  k: number,
): { bitstring: string; index: number; data: number; model: number }[] {
  const idx = new Set([...topK(p, k), ...topK(q, k)].map((e) => e.index));
  return [...idx]
    .map((i) => ({ bitstring: toBitstring(i, n), index: i, data: p[i], model: q[i] }))
    .sort((a, b) => b.data - a.data || b.model - a.model)
    .slice(0, k);
}

function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return String(x);
  return Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(2) : x.toFixed(digits);
}

/** The model's parameters and what they parametrise: the circuit, or an IQP model's generator lists. */
function paramsDoc(problem: TrainingProblem, result: TrainResult) {
  const base = { step: result.step, nParams: nParamsOf(problem), theta: Array.from(result.theta) };
  if (problem.kind === 'exact') return { ...base, circuit: problem.circuit };
  const g = problem.generators;
  return {
    ...base,
    iqp: {
      name: g.name,
      nQubits: g.nQubits,
      generators: Array.from({ length: g.count }, (_, j) => Array.from(generatorQubits(g, j))),
    },
  };
}

/** Metric fields of an evaluation record (the step bookkeeping removed). */
function finalMetrics(last: EvalRecord) {
  const { step: _s, phase: _p, loss: _l, grad_norm: _g, lr: _r, evaluations: _e, seconds: _t, ...rest } = last;
  return rest;
}

/** Writes the end-of-run files; returns the short table printed for people. */
export async function writeFinalReport(runDir: string, problem: TrainingProblem, result: TrainResult): Promise<string> {
  const { config, nVisible } = problem,
    exact = problem.kind === 'exact' ? problem : problem.exact;
  const metrics = readMetrics(runDir);
  writeJsonAtomic(path.join(runDir, 'params.json'), paramsDoc(problem, result));
  const top = exact && result.q ? topBitstrings(exact.trainProbs, result.q, nVisible, config.eval.topK) : [];
  if (top.length) writeJsonAtomic(path.join(runDir, 'model-vs-data.json'), top);
  const last = result.last;
  writeJsonAtomic(path.join(runDir, 'summary.json'), {
    name: config.name,
    status: result.status,
    steps: result.step,
    seconds: result.seconds,
    loss: config.phases.map((p) => p.loss),
    final: finalMetrics(last),
  });

  const curve = (name: string, get: (m: EvalRecord) => number | null | undefined) => ({
    name,
    points: metrics.flatMap((m) => {
      const y = get(m);
      return typeof y === 'number' ? [{ x: m.step, y }] : [];
    }),
  });
  const lossSeries = curve('training loss', (m) => m.loss);
  const exactM = (f: (m: EvalMetrics) => number) => (m: EvalRecord) => (m.metrics === 'correlators' ? null : f(m));
  const corrM = (f: (m: CorrelatorMetrics) => number) => (m: EvalRecord) => (m.metrics === 'correlators' ? f(m) : null);
  const quality =
    last.metrics === 'correlators'
      ? lineChart({
          title: `l-body correlator errors Σ_{|A|=l}(⟨Z_A⟩_q − ⟨Z_A⟩_p)² (${last.corr_method})`,
          xLabel: 'step',
          yLabel: 'error',
          logY: true,
          series: last.corr_train.flatMap((_, l) => [
            curve(
              `${l + 1}-body train`,
              corrM((m) => m.corr_train[l]),
            ),
            curve(
              `${l + 1}-body test`,
              corrM((m) => m.corr_test[l]),
            ),
          ]),
        })
      : lineChart({
          title: 'exact TVD Σ|p−q| and model mass on the training support',
          xLabel: 'step',
          yLabel: 'value',
          series: [
            curve(
              'TVD train',
              exactM((m) => m.tvd_train),
            ),
            curve(
              'TVD test',
              exactM((m) => m.tvd_test),
            ),
            curve(
              'mass on support',
              exactM((m) => m.mass_on_train_support),
            ),
          ],
        });
  await savePlot(
    {
      resolve: { scale: { color: 'independent' } },
      vconcat: [
        ...(lossSeries.points.length && lossSeries.points.every((p) => p.y > 0)
          ? [
              lineChart({
                title: `${config.name}: loss (${problem.losses.map((l) => l.label).join(' → ')})`,
                xLabel: 'step',
                yLabel: 'loss',
                logY: true,
                series: [lossSeries],
              }),
            ]
          : []),
        quality,
      ],
    },
    path.join(runDir, 'training-curve'),
  );
  if (top.length)
    await savePlot(
      modelVsDataBars({
        title: `${config.name}: data p̃ and model q at the ${top.length} most probable bitstrings (by data, then model)`,
        order: ['model'],
        groups: top.map((r, i) => `#${i + 1} ${r.bitstring}`),
        rows: top.flatMap((r, i) => [
          { group: `#${i + 1} ${r.bitstring}`, series: 'data', y: r.data },
          { group: `#${i + 1} ${r.bitstring}`, series: 'model', y: r.model },
        ]),
      }),
      path.join(runDir, 'model-vs-data'),
    );
  const map = cardOf(problem).qubitMap;
  if (map.kind === 'pixels' && exact && result.q) {
    // data and model side by side: the data's most probable images, and below each the model's probability of it;
    // then the model's own most probable images (what it makes that the data may not have)
    const k = Math.min(config.eval.topK, 10),
      q = result.q,
      n = map.rows * map.cols;
    const dataTop = topK(exact.trainProbs, k).map((e) => ({
      bitstring: toBitstring(e.index, n),
      p: e.p,
      q: q[e.index],
    }));
    await savePlot(
      {
        vconcat: [
          topImages(dataTop, map.rows, map.cols, 'data: its most probable images, by data probability p'),
          topImages(
            dataTop.map((e) => ({ bitstring: e.bitstring, p: e.q })),
            map.rows,
            map.cols,
            'model: its probability p of the same images',
          ),
          topKImages(q, map.rows, map.cols, k, 'model: its own most probable images'),
        ],
      },
      path.join(runDir, 'top-images'),
    );
  }

  const head = [
    `## ${config.name} — ${result.status} after ${result.step} steps (${result.seconds.toFixed(1)} s)`,
    '',
    '| metric | value |',
    '|---|---|',
  ];
  const rows =
    last.metrics === 'correlators'
      ? [
          ...Object.keys(last.mmd_train).map(
            (s) =>
              `| MMD² ${s.replace('=', ' = ')} train / test (Monte-Carlo) | ${fmt(last.mmd_train[s])} / ${fmt(last.mmd_test[s])} |`,
          ),
          ...last.corr_train.map(
            (v, l) =>
              `| ${l + 1}-body correlator error train / test (${last.corr_method}) | ${fmt(v)} / ${fmt(last.corr_test[l])} |`,
          ),
          `| TVD, KL, mass on support | not computed: 2^${nVisible} probabilities |`,
        ]
      : [
          `| TVD Σ\\|p−q\\| train / test | ${fmt(last.tvd_train)} / ${fmt(last.tvd_test)} |`, // \| keeps the cell whole
          `| KL(p‖q) train / test (ε = 1e-6) | ${fmt(last.kl_train)} / ${fmt(last.kl_test)} |`,
          ...Object.entries(last.mmd).map(([s, v]) => `| MMD² ${s.replace('=', ' = ')} | ${fmt(v)} |`),
          `| ${config.eval.kBody}-body correlator error | ${fmt(last.kbody_error)} |`,
          `| model mass on training support | ${fmt(last.mass_on_train_support)} |`,
        ];
  const tail = top.length
    ? [
        '',
        '| bitstring | data | model |',
        '|---|---|---|',
        ...top.slice(0, 8).map((r) => `| ${r.bitstring} | ${fmt(r.data)} | ${fmt(r.model)} |`),
      ]
    : [];
  const table = [...head, ...rows, ...tail].join('\n');
  writeFileAtomic(path.join(runDir, 'summary.md'), `${table}\n`);
  return table;
}
