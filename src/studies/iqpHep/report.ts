/**
 * The study's report, in the style of the loss comparison (compare/report.ts, whose chart renderers it reuses):
 * report.json (spec, conventions, every number), metrics.csv (one row per grid × model), report.md (a ranked table per
 * grid with standard errors, the figures) and the figures as PNG + SVG: MMD² per bandwidth with ±1 SE bars,
 * correlator errors, and rows of the most probable images — held-out data and each model that can be sampled.
 */
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { PLATEAU_VERSION } from '../../data/dataset';
import { writeFileAtomic, writeJsonAtomic } from '../../fsutil';
import { toCsv } from '../../report/csv';
import { savePlot } from '../../report/plot';
import { finalBars, imageRows } from '../compare/charts';
import { Estimate, GridEvaluation } from './evaluate';
import { RunSummary } from './run';
import { IqpHepSpec } from './spec';

export const REPORT_FORMAT = 'plateau-iqp-hep-report/1';

export const CONVENTIONS = {
  heldOut:
    "every number is against the held-out events (the trainer's seeded split, the same for every model); the baselines are fitted to the training events only",
  mmd: "MMD²_σ = E_{a~P_σ}(⟨Z_a⟩_p − ⟨Z_a⟩_q)² between the distribution p the showers come from and the model q, a's bits Bernoulli(p_σ), p_σ = (1 − e^{−1/(2σ)})/2 (K_σ = exp(−|x − y|²/(2σ)), σ not squared); estimated without bias from the N held-out events: per mask (p̃_a − q_a)² − (1 − p̃_a²)/(N − 1) (the U-statistic; it can be slightly negative), averaged over the drawn masks (zero masks included), ± its standard error over masks; all models see the same masks, so differences between models are paired",
  corr: 'l-body correlator error Σ_{|A|=l}(⟨Z_A⟩_q − ⟨Z_A⟩_p)² over every subset of l pixels, unbiased the same way',
  finiteSample:
    "finite-sample term: the mean of (1 − p̃_a²)/(N − 1) that was subtracted — what the plain square (p̃_a − q_a)², e.g. the trainer's metrics.jsonl, adds to every model",
  tvd: "TVD = Σ_x |p(x) − q(x)| ∈ [0, 2] ([R]'s convention, no ½), exact, only where q [2^n] exists (n ≤ 20)",
  trainingEvents:
    'training events (empirical): the empirical distribution of the training split used as a model (what memorising the training events gives); its MMD² is ≈ E_a(1 − p_a²)/N_train, the noise of finite data, which a smooth model can beat',
  precisionRecall:
    "from each model's samples: k' = min(topK, distinct held-out images); precision@k = share of the model's k' most frequent sampled images that occur in the held-out data; recall@k = share of the held-out data's k' most probable images among them",
  images: 'pixel q = qubit q, row-major, row 0 at the top; images of a model are its most frequent among its samples',
};

const sci = (x: number) => (x === 0 ? '0' : Math.abs(x) >= 0.01 ? x.toFixed(4) : x.toExponential(2));
const withSe = (e: Estimate) => `${sci(e.value)} ± ${e.se.toExponential(1)}`;
const f3 = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(3));

/** Writes the report; returns the file names (relative to outDir). */
export async function writeIqpHepReport(
  spec: IqpHepSpec,
  outDir: string,
  r: { grids: GridEvaluation[]; runs: RunSummary[]; seconds: number; backend: BackendReport },
): Promise<string[]> {
  const files: string[] = [];
  const out = (name: string) => (files.push(name), path.join(outDir, name));
  const plot = async (s: Parameters<typeof savePlot>[0], base: string) => {
    await savePlot(s, path.join(outDir, base));
    files.push(`${base}.png`, `${base}.svg`);
  };
  writeJsonAtomic(out('report.json'), {
    format: REPORT_FORMAT,
    study: 'iqp-hep',
    plateau: PLATEAU_VERSION,
    generated: new Date().toISOString(),
    seconds: r.seconds,
    backend: `${r.backend.backend} (${r.backend.device ?? '?'})`,
    conventions: CONVENTIONS,
    spec,
    runs: r.runs,
    grids: r.grids,
  });
  const sigmaKeys = [...new Set(r.grids.flatMap((g) => g.sigmas.map((s) => s.key)))];
  writeFileAtomic(
    out('metrics.csv'),
    toCsv(
      r.grids.flatMap((g) =>
        g.models.map((m) => ({
          grid: g.grid,
          n: g.nQubits,
          model: m.id,
          label: m.label,
          params: m.nParams,
          ...Object.fromEntries(
            sigmaKeys.flatMap((k) => [
              [`mmd2_${k.slice(2)}`, m.mmd[k]?.value ?? null],
              [`mmd2_${k.slice(2)}_se`, m.mmd[k]?.se ?? null],
            ]),
          ),
          corr_1body: m.corr[0]?.value ?? null,
          corr_2body: m.corr[1]?.value ?? null,
          tvd: m.tvd,
          precision: m.precision,
          recall: m.recall,
          k: g.k,
          method: m.method,
        })),
      ),
    ),
  );

  const sections: string[] = [];
  for (const g of r.grids) {
    const labels = g.models.map((m) => m.label),
      tag = g.grid;
    await plot(
      {
        ...finalBars({
          title: `${g.grid} (n = ${g.nQubits}): held-out MMD² per bandwidth, ± 1 standard error over masks`,
          yLabel: 'MMD² (held-out)',
          order: labels,
          columns: g.sigmas.length,
          legendTitle: 'model',
          panels: g.sigmas.map((s) => `${s.key} (σ = ${+s.sigma.toFixed(3)})`),
          rows: g.models.flatMap((m) =>
            g.sigmas.map((s) => ({
              panel: `${s.key} (σ = ${+s.sigma.toFixed(3)})`,
              series: m.label,
              y: m.mmd[s.key].value,
              lo: m.mmd[s.key].value - m.mmd[s.key].se,
              hi: m.mmd[s.key].value + m.mmd[s.key].se,
            })),
          ),
        }),
        resolve: { scale: { y: 'independent' } },
      },
      `mmd-${tag}`,
    ); // MMD² shrinks with σ: one scale per bandwidth
    await plot(
      {
        ...finalBars({
          title: `${g.grid}: held-out correlator errors Σ_{|A|=l}(⟨Z_A⟩_q − ⟨Z_A⟩_p)²`,
          yLabel: 'correlator error',
          order: labels,
          columns: 2,
          legendTitle: 'model',
          panels: g.models[0].corr.map((_, l) => `${l + 1}-body`),
          rows: g.models.flatMap((m) =>
            m.corr.map((c, l) => ({ panel: `${l + 1}-body`, series: m.label, y: c.value, lo: c.value, hi: c.value })),
          ),
        }),
        resolve: { scale: { y: 'independent' } },
      },
      `correlators-${tag}`,
    );
    const [rows, cols] = g.grid.split(/[x×]/).map(Number);
    await plot(
      imageRows({
        title: `${g.grid}: the ${g.dataTop.length} most probable images (#rank · probability)`,
        gridRows: rows,
        gridCols: cols,
        rows: [
          { title: `held-out data (${g.events.test} events)`, entries: g.dataTop },
          ...g.models
            .filter((m) => m.top)
            .map((m) => ({ title: `${m.label}: ${spec.eval.samples} samples`, entries: m.top! })),
        ],
      }),
      `images-${tag}`,
    );
    const header = `| model | parameters | ${g.sigmas.map((s) => `MMD² ${s.key} (σ = ${+s.sigma.toFixed(3)})`).join(' | ')} | 1-body error | 2-body error | TVD | precision@${g.k} | recall@${g.k} |`;
    sections.push(
      [
        `## ${g.grid} pixels (n = ${g.nQubits}): ${g.events.train} training, ${g.events.test} held-out events`,
        '',
        header,
        `|${'---|'.repeat(header.split('|').length - 2)}`,
        ...g.models.map(
          (m) =>
            `| ${m.label} | ${m.nParams ?? '—'} | ${g.sigmas.map((s) => withSe(m.mmd[s.key])).join(' | ')} | ${sci(m.corr[0]?.value ?? NaN)} | ${sci(m.corr[1]?.value ?? NaN)} | ${f3(m.tvd)} | ${f3(m.precision)} | ${f3(m.recall)} |`,
        ),
        `| *finite-sample term (subtracted above)* | | ${g.sigmas.map((s) => sci(s.finiteSample)).join(' | ')} | ${g.corrFiniteSample.map(sci).join(' | ')} | | | |`,
        ...pairedTable(g),
        '',
        `Masks per bandwidth: ${g.sigmas.map((s) => `${s.key}: ${s.masks}, mean weight ${s.meanWeight.toFixed(2)}`).join('; ')}.`,
        ...g.models.filter((m) => m.noSamples).map((m) => `No images for ${m.label}: ${m.noSamples}.`),
        `How each model's ⟨Z_a⟩ was obtained: ${g.models.map((m) => `${m.label}: ${m.method}`).join('; ')}.`,
        '',
        `![MMD² per bandwidth](mmd-${tag}.png)`,
        '',
        `![correlator errors](correlators-${tag}.png)`,
        '',
        `![most probable images](images-${tag}.png)`,
        '',
        `Training curves: ${r.runs
          .filter((u) => u.grid === g.grid)
          .map(
            (u) =>
              `[${u.id}](${u.runDir}/training-curve.png) (${u.status}, ${Number.isFinite(u.seconds) ? `${u.seconds.toFixed(0)} s` : 'time unknown'})`,
          )
          .join(', ')}.`,
        '',
      ].join('\n'),
    );
  }
  writeFileAtomic(
    out('report.md'),
    [
      `# IQP Born machines on calorimeter showers: ${spec.name}`,
      '',
      ...(spec.description ? [spec.description, ''] : []),
      `Backend ${r.backend.backend}; ${r.seconds.toFixed(0)} s in all (training runs that were reused count as 0). Data: ${spec.data.events} showers (${spec.data.geometry} geometry, seed ${spec.data.seed}, rule ${spec.data.rule}, fraction ${spec.data.fraction}), the same showers pooled onto every grid; held-out share ${spec.testFraction}.`,
      '',
      '## How to read it',
      '',
      `- ${CONVENTIONS.heldOut}. Lower is better everywhere except precision and recall.`,
      `- ${CONVENTIONS.mmd}.`,
      `- ${CONVENTIONS.corr}; ${CONVENTIONS.tvd}.`,
      `- ${CONVENTIONS.finiteSample}.`,
      `- ${CONVENTIONS.trainingEvents}.`,
      `- precision/recall: ${CONVENTIONS.precisionRecall}.`,
      `- Images: ${CONVENTIONS.images}.`,
      '',
      ...sections,
      '## Files',
      '',
      'report.json (everything above as data, with the spec), metrics.csv (grid × model), data/showers-<grid>/ (the datasets, as `npm run data` writes them), runs/<id>/ (each trained model: run.json, metrics.jsonl, checkpoint.json, params.json, summary.json, training-curve); every figure as .png and .svg.',
      '',
    ].join('\n'),
  );
  return files;
}

/** Each model's MMD² minus the reference model's over the same masks: the paired difference and its standard error. */
function pairedTable(g: GridEvaluation): string[] {
  const ref = g.models.find((m) => m.id === g.reference);
  if (!ref) return [];
  return [
    '',
    `Paired differences, MMD²(model) − MMD²(${ref.label}) over the same masks, ± standard error (positive: the ${ref.label.split(' (')[0]} model is closer to the held-out data):`,
    '',
    `| model | ${g.sigmas.map((s) => s.key).join(' | ')} |`,
    `|---|${g.sigmas.map(() => '---|').join('')}`,
    ...g.models
      .filter((m) => m.minusReference)
      .map((m) => `| ${m.label} | ${g.sigmas.map((s) => withSe(m.minusReference![s.key])).join(' | ')} |`),
  ];
}

/** Short table for the terminal: per grid, each model's MMD² at every bandwidth and its 2-body error. */
export function terminalTable(grids: GridEvaluation[]): string {
  return grids
    .flatMap((g) => [
      `${g.grid} (n = ${g.nQubits}), held-out MMD² at ${g.sigmas.map((s) => s.key).join(', ')}; 2-body error${g.nQubits <= 20 ? '; TVD' : ''}`,
      ...g.models.map(
        (m) =>
          `  ${m.label.padEnd(44).slice(0, 44)} ${g.sigmas.map((s) => sci(m.mmd[s.key].value).padStart(9)).join(' ')}  ${sci(m.corr[1]?.value ?? NaN).padStart(9)}${m.tvd !== null ? `  ${m.tvd.toFixed(3)}` : ''}`,
      ),
    ])
    .join('\n');
}
