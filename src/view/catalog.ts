/**
 * What the served folders hold right now, refreshed by polling (no file watchers: they miss writes on network file
 * systems, where cluster runs live): the training runs with their list rows and followed metrics, the scans and the
 * comparisons. `version` changes whenever the list a page shows would change.
 */
import * as path from 'path';
import { discover, Found, ServedRoot } from './discover';
import { field, isNumber, isObject, isString, readJsonCached } from './jsonFiles';
import { MetricsTail } from './metricsTail';
import { MetricsLine, mtimeOf, runRow, RunRow } from './runRow';

export interface StudyRow {
  id: string;
  kind: 'scan' | 'compare';
  rel: string;
  name: string;
  detail: string;
  /** ISO time of its file's last change. */
  updated: string;
}

export interface CatalogSnapshot {
  roots: string[];
  runs: RunRow[];
  scans: StudyRow[];
  compares: StudyRow[];
}

function studyRow(f: Found): StudyRow {
  const file = path.join(f.dir, f.kind === 'scan' ? 'scan.json' : 'report.json');
  const doc = readJsonCached(file),
    spec = field(doc, 'spec', isObject);
  const updated = new Date(mtimeOf(file)).toISOString();
  if (f.kind === 'scan') {
    const preset = field(field(doc, 'preset', isObject), 'name', isString);
    const qubits = field(spec, 'qubits', Array.isArray) as number[] | undefined;
    return {
      id: f.id,
      kind: 'scan',
      rel: f.rel,
      name: preset ? `preset ${preset}` : path.basename(f.dir),
      updated,
      detail: `${field(spec, 'ansatz', isString) ?? '?'}, n = ${qubits ? `${Math.min(...qubits)}…${Math.max(...qubits)}` : '?'}, ${field(spec, 'draws', isNumber) ?? '?'} draws`,
    };
  }
  const runs = field(doc, 'runs', isObject);
  return {
    id: f.id,
    kind: 'compare',
    rel: f.rel,
    name: field(doc, 'name', isString) ?? path.basename(f.dir),
    updated,
    detail: `${field(runs, 'finished', isNumber) ?? '?'}/${field(runs, 'planned', isNumber) ?? '?'} runs finished`,
  };
}

export class Catalog {
  private found = new Map<string, Found>();
  private tails = new Map<string, MetricsTail<MetricsLine>>();
  private json = '';
  snapshot: CatalogSnapshot = { roots: [], runs: [], scans: [], compares: [] };
  version = 0;

  constructor(readonly roots: readonly ServedRoot[]) {}

  refresh(): void {
    const found = discover(this.roots);
    this.found = new Map(found.map((f) => [f.id, f]));
    for (const id of [...this.tails.keys()]) if (!this.found.has(id)) this.tails.delete(id);
    const runs: RunRow[] = [];
    for (const f of found.filter((x) => x.kind === 'train')) {
      let tail = this.tails.get(f.id);
      if (!tail) this.tails.set(f.id, (tail = new MetricsTail<MetricsLine>(path.join(f.dir, 'metrics.jsonl'))));
      tail.poll();
      runs.push(runRow(f, tail.records));
    }
    runs.sort((a, b) => (b.started ?? '').localeCompare(a.started ?? '') || a.id.localeCompare(b.id));
    const studies = found.filter((x) => x.kind !== 'train').map(studyRow);
    const snapshot: CatalogSnapshot = {
      roots: this.roots.map((r) => r.shown),
      runs,
      scans: studies.filter((s) => s.kind === 'scan'),
      compares: studies.filter((s) => s.kind === 'compare'),
    };
    const json = JSON.stringify(snapshot);
    if (json !== this.json) {
      this.json = json;
      this.snapshot = snapshot;
      this.version++;
    }
  }

  get(id: string): Found | undefined {
    return this.found.get(id);
  }

  tail(id: string): MetricsTail<MetricsLine> | undefined {
    return this.tails.get(id);
  }

  /** A legend label per run: its name, or its path where names repeat among `ids`. */
  labels(ids: readonly string[]): Map<string, string> {
    const name = (id: string) => this.snapshot.runs.find((r) => r.id === id)?.name ?? id;
    const names = ids.map(name);
    return new Map(
      ids.map((id, i) => [
        id,
        names.indexOf(names[i]) !== names.lastIndexOf(names[i]) ? (this.found.get(id)?.rel ?? id) : names[i],
      ]),
    );
  }
}
