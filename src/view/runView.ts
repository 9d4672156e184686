/**
 * The detail of one training run for `plateau view`: what run.json says (dataset, circuit, parameters, backend, git),
 * the summary once the run has ended (summary.json's final metrics, as rows), the model-vs-data bars of the trainer's
 * report (report/charts.ts groupedBars over model-vs-data.json) and, for image data, the trainer's drawing of the
 * most probable images of data and model (top-images.svg, computed from the whole model distribution).
 */
import * as fs from 'fs';
import * as path from 'path';
import { groupedBars } from '../report/charts';
import { VegaLiteSpec } from '../report/plot';
import { Found } from './discover';
import { field, isNumber, isObject, isString, readJsonCached } from './jsonFiles';
import { runStatus, RunStatus } from './runRow';

export interface RunView {
  id: string;
  name: string;
  status: RunStatus;
  note: string;
  facts: string[];
  /** Final metrics once the run has ended: [label, value]. */
  summary: { status: string; steps: number | null; seconds: number | null; rows: [string, number | null][] } | null;
  charts: VegaLiteSpec[];
  /** Files of the run folder the page may show or link (names relative to the folder). */
  files: string[];
  topImages: string | null;
}

const LINKED = ['summary.md', 'training-curve.png', 'model-vs-data.png', 'top-images.png', 'metrics.jsonl', 'run.json'];

/** Rows of summary.json's final metrics, exact or (IQP past 20 qubits) correlator ones. */
export function finalRows(final: Record<string, unknown>): [string, number | null][] {
  const num = (v: unknown) => (isNumber(v) ? v : null);
  const rows: [string, number | null][] = [];
  const pairs: [string, string, string][] = [
    ['tvd_train', 'tvd_test', 'TVD Σ|p−q|'],
    ['kl_train', 'kl_test', 'KL(p‖q)'],
  ];
  for (const [a, b, label] of pairs)
    if (a in final) rows.push([`${label} train`, num(final[a])], [`${label} test`, num(final[b])]);
  for (const key of ['mmd', 'mmd_train', 'mmd_test'])
    if (isObject(final[key]))
      for (const [s, v] of Object.entries(final[key] as object))
        rows.push([`MMD² ${s.replace('=', ' = ')}${key === 'mmd' ? '' : key.slice(3).replace('_', ' ')}`, num(v)]);
  if ('kbody_error' in final) rows.push(['k-body correlator error', num(final.kbody_error)]);
  for (const key of ['corr_train', 'corr_test'])
    if (Array.isArray(final[key]))
      (final[key] as unknown[]).forEach((v, l) =>
        rows.push([`${l + 1}-body correlator error ${key.slice(5)}`, num(v)]),
      );
  if ('mass_on_train_support' in final) rows.push(['model mass on training support', num(final.mass_on_train_support)]);
  return rows;
}

export function runView(f: Found): RunView {
  const run = readJsonCached(path.join(f.dir, 'run.json')),
    config = field(run, 'config', isObject),
    backend = field(run, 'backend', isObject);
  const summary = readJsonCached(path.join(f.dir, 'summary.json'));
  const { status, note } = runStatus(f.dir);
  const model = field(config, 'model', isObject);
  const facts = [
    `dataset ${field(run, 'dataset', isString) ?? '?'} · circuit ${field(run, 'circuit', isString) ?? field(model, 'ansatz', isString) ?? '?'} · ${field(run, 'nParams', isNumber) ?? '?'} parameters · ${field(config, 'steps', isNumber) ?? '?'} steps · seed ${field(config, 'seed', isNumber) ?? '?'}`,
    `config ${(field(run, 'configHash', isString) ?? '').slice(0, 12)} · backend ${field(backend, 'backend', isString) ?? '?'} (${field(backend, 'device', isString) ?? '?'}, ${field(backend, 'float', isString) ?? '?'}) · started ${field(run, 'started', isString) ?? '?'}${field(run, 'git', isString) ? ` · git ${field(run, 'git', isString)!.slice(0, 10)}` : ''}`,
  ];
  const final = field(summary, 'final', isObject);
  const charts: VegaLiteSpec[] = [];
  const top = readJsonCached(path.join(f.dir, 'model-vs-data.json'));
  if (Array.isArray(top) && top.length && status !== 'running')
    charts.push({
      ...groupedBars({
        title: `model vs data, top ${top.length} bitstrings (qubit 0 first)`,
        yLabel: 'probability',
        groupLabel: 'bitstring',
        rows: (top as { bitstring: string; data: number; model: number }[]).flatMap((r) => [
          { group: r.bitstring, series: 'data', y: r.data },
          { group: r.bitstring, series: 'model', y: r.model },
        ]),
      }),
      config: { mark: { tooltip: true } },
    });
  const exists = (name: string) => fs.existsSync(path.join(f.dir, name));
  return {
    id: f.id,
    name: field(config, 'name', isString) ?? path.basename(f.dir),
    status,
    note,
    facts,
    summary: final
      ? {
          status: field(summary, 'status', isString) ?? '?',
          steps: field(summary, 'steps', isNumber) ?? null,
          seconds: field(summary, 'seconds', isNumber) ?? null,
          rows: finalRows(final),
        }
      : null,
    charts,
    // while a run trains, the end-of-run files present are an earlier session's (a resumed run): left out
    files: LINKED.filter((n) => exists(n) && (status !== 'running' || n === 'metrics.jsonl' || n === 'run.json')),
    topImages: status !== 'running' && exists('top-images.svg') ? 'top-images.svg' : null,
  };
}
