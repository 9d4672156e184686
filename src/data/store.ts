/**
 * A dataset on disk is a folder with `data.csv` and `card.json`. The CSV has a header and one row per line: either
 * `bitstring,count` (or `bitstring,weight` for an exact distribution) with distinct bitstrings, or per event
 * `bitstring[,feature…]`. The folder is written beside its target and renamed into place, so a failed or killed run
 * never leaves a half-written dataset, and an existing folder is never removed. Bitstrings read qubit 0 first (circuit/bits.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../errors';
import { fromBitstring, MAX_QUBITS, toBitstring } from '../circuit/bits';
import { fsError, isSystemError, makeDir, writeFileAtomic, writeJsonAtomic } from '../fsutil';
import { aggregate, DataCard, Dataset, makeDataset } from './dataset';
import { checkQubitMap } from './qubitMap';
import { columnIndex, numberCell, parseCsvTable, readText } from './readers/csv';
import { rowString } from './bitRows';
import type { WideDataset } from './wideData';

export const DATA_FILE = 'data.csv';
export const CARD_FILE = 'card.json';

/** The CSV text of a dataset: aggregated `bitstring,count|weight`, or per row with its feature columns. */
export function datasetToCsv(ds: Dataset, perEvent = false): string {
  const n = ds.card.nQubits;
  const lines: string[] = [];
  if (perEvent) {
    const names = Object.keys(ds.columns ?? {});
    const weighted = !ds.weights.every((w) => w === 1);
    lines.push(['bitstring', ...(weighted ? ['weight'] : []), ...names].join(','));
    for (let r = 0; r < ds.indices.length; r++)
      lines.push([toBitstring(ds.indices[r], n), ...(weighted ? [ds.weights[r]] : []), ...names.map((k) => ds.columns![k][r])].join(','));
  } else {
    const a = aggregate(ds.indices, ds.weights);
    const integer = !ds.card.exact && a.weights.every((w) => Number.isInteger(w));
    lines.push(`bitstring,${integer ? 'count' : 'weight'}`);
    for (let r = 0; r < a.indices.length; r++) lines.push(`${toBitstring(a.indices[r], n)},${a.weights[r]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The CSV text of a wide dataset (bit rows, any n), in the same two layouts: distinct rows in ascending bitstring order
 * (= ascending basis index where one exists) with their summed counts or weights, or one line per row. */
export function wideDatasetToCsv(ds: WideDataset, perEvent = false): string {
  const r = ds.rows, lines: string[] = [];
  if (perEvent) {
    const names = Object.keys(ds.columns ?? {}), weighted = !ds.weights.every((w) => w === 1);
    lines.push(['bitstring', ...(weighted ? ['weight'] : []), ...names].join(','));
    for (let i = 0; i < r.rows; i++) lines.push([rowString(r, i), ...(weighted ? [ds.weights[i]] : []), ...names.map((k) => ds.columns![k][i])].join(','));
  } else {
    const sums = new Map<string, number>();
    for (let i = 0; i < r.rows; i++) {
      const s = rowString(r, i);
      sums.set(s, (sums.get(s) ?? 0) + ds.weights[i]);
    }
    const keys = [...sums.keys()].sort(), integer = !ds.card.exact && keys.every((k) => Number.isInteger(sums.get(k)));
    lines.push(`bitstring,${integer ? 'count' : 'weight'}`);
    for (const k of keys) lines.push(`${k},${sums.get(k)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** True for a folder that holds a plateau dataset (its card says so). */
export function isDatasetDir(dir: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, CARD_FILE), 'utf8')) as { schema?: unknown }).schema === 'plateau.data-card/1';
  } catch {
    return false;
  }
}

/**
 * Writes `dir/data.csv` and `dir/card.json` of a dataset (basis indices, or bit rows of any width) (plus any `extra` files, e.g. plots, made by `extra(tmpDir)`) into a
 * temporary sibling folder, then renames it into place. A non-empty folder at `dir` (a shipped dataset included) is
 * refused before anything is written; with `force` it is renamed aside to `dir.old-<time>` once everything else was
 * written. Nothing is ever deleted but the temporary folder of a failed write.
 */
export async function saveDataset(ds: Dataset | WideDataset, dir: string, opts: { perEvent?: boolean; force?: boolean; extra?: (tmpDir: string) => Promise<string[]> } = {}): Promise<{ files: string[]; movedAside: string | null }> {
  const check = () => {
    if (!fs.existsSync(dir)) return 'absent';
    if (!fs.statSync(dir).isDirectory()) throw new ConfigError(`--out ${dir}: is a file, not a folder; choose another path`);
    if (fs.readdirSync(dir).length === 0) return 'empty';
    if (!opts.force) throw new ConfigError(`${dir}: exists and is not empty${isDatasetDir(dir) ? ' (a dataset)' : ''}; choose another --out or --name, or add --force to move it aside (nothing is deleted)`);
    return 'full';
  };
  check();
  const parent = path.dirname(path.resolve(dir)), base = path.basename(path.resolve(dir));
  let tmp: string;
  try {
    makeDir(parent);
    tmp = fs.mkdtempSync(path.join(parent, `.${base}.tmp-`));
  } catch (e) {
    throw fsError(`--out ${dir}`, e);
  }
  try {
    writeFileAtomic(path.join(tmp, DATA_FILE), 'rows' in ds ? wideDatasetToCsv(ds, opts.perEvent) : datasetToCsv(ds, opts.perEvent));
    writeJsonAtomic(path.join(tmp, CARD_FILE), { ...ds.card, files: { data: DATA_FILE, layout: opts.perEvent ? 'per-event' : 'aggregated' } });
    const extra = opts.extra ? await opts.extra(tmp) : [];
    let movedAside: string | null = null;
    const found = check(); // again: something may have appeared while we worked
    if (found === 'empty') fs.rmdirSync(dir); // empty, so nothing of the user's is lost
    if (found === 'full') {
      movedAside = `${path.resolve(dir)}.old-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(dir, movedAside);
    }
    fs.renameSync(tmp, dir);
    return { files: [DATA_FILE, CARD_FILE, ...extra].map((f) => path.join(dir, f)), movedAside };
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw isSystemError(e) ? fsError(`writing dataset ${dir}`, e) : e;
  }
}

/** Validates one bitstring cell: width n, characters 0/1 only. */
export function parseBitstring(s: string, n: number, where: string): number {
  if (s.length !== n) throw new ConfigError(`${where}: bitstring "${s}" has ${s.length} bits, expected ${n}`);
  const bad = s.search(/[^01]/);
  if (bad >= 0) throw new ConfigError(`${where}: bitstring "${s}" has "${s[bad]}" at position ${bad + 1}; only 0 and 1 are allowed`);
  return fromBitstring(s);
}

/**
 * Reads a bitstring CSV: column `bitstring` (required), optional `count` or `weight`, any other columns numeric
 * features. The width is `nQubits` if given, else that of the first row. Returns indices, weights, columns.
 */
export function readBitstringCsv(file: string, nQubits?: number): { nQubits: number; indices: Uint32Array; weights: Float64Array; columns: Record<string, Float64Array> } {
  const t = parseCsvTable(readText(file), file);
  const jb = columnIndex(t, 'bitstring');
  if (t.rows.length === 0) throw new ConfigError(`${file}: header only, no data rows`);
  const n = nQubits ?? t.rows[0][jb].length;
  if (!(n >= 1 && n <= MAX_QUBITS)) throw new ConfigError(`${file}:${t.lines[0]}: bitstring width ${n} is outside 1..${MAX_QUBITS}`);
  const jw = t.header.includes('count') ? t.header.indexOf('count') : t.header.indexOf('weight');
  const featureCols = t.header.map((h, j) => [h, j] as const).filter(([, j]) => j !== jb && j !== jw);
  const indices = new Uint32Array(t.rows.length), weights = new Float64Array(t.rows.length).fill(1);
  const columns: Record<string, Float64Array> = Object.fromEntries(featureCols.map(([h]) => [h, new Float64Array(t.rows.length)]));
  for (let r = 0; r < t.rows.length; r++) {
    indices[r] = parseBitstring(t.rows[r][jb], n, `${file}:${t.lines[r]}: column "bitstring"`);
    if (jw >= 0) {
      weights[r] = numberCell(t, r, jw);
      if (weights[r] < 0) throw new ConfigError(`${file}:${t.lines[r]}: column "${t.header[jw]}" is ${weights[r]}, must be ≥ 0`);
    }
    for (const [h, j] of featureCols) columns[h][r] = numberCell(t, r, j);
  }
  return { nQubits: n, indices, weights, columns };
}

/** Loads a dataset folder (or a bare CSV, whose card is then minimal). */
export function loadDataset(dirOrCsv: string): Dataset {
  if (!fs.existsSync(dirOrCsv)) throw new ConfigError(`${dirOrCsv}: no such file or folder`);
  if (!fs.statSync(dirOrCsv).isDirectory()) {
    const b = readBitstringCsv(dirOrCsv);
    return makeDataset({ name: path.basename(dirOrCsv, '.csv'), kind: 'csv', description: `bitstrings read from ${dirOrCsv}`, nQubits: b.nQubits, indices: b.indices, weights: b.weights, qubitMap: { kind: 'bits', description: 'as in the file' }, source: dirOrCsv, ...(Object.keys(b.columns).length ? { columns: b.columns } : {}) });
  }
  const cardFile = path.join(dirOrCsv, CARD_FILE);
  let card: DataCard;
  try {
    card = JSON.parse(readText(cardFile)) as DataCard;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`${cardFile}: not valid JSON (${(e as Error).message})`);
  }
  if (card === null || typeof card !== 'object' || Array.isArray(card)) throw new ConfigError(`${cardFile}: expected a data card object, got ${JSON.stringify(card)}`);
  if (card.schema !== 'plateau.data-card/1' || !Number.isInteger(card.nQubits)) throw new ConfigError(`${cardFile}: not a plateau data card (schema ${JSON.stringify(card.schema)}, nQubits ${JSON.stringify(card.nQubits)})`);
  if (typeof card.name !== 'string' || ('exact' in card && typeof card.exact !== 'boolean')) throw new ConfigError(`${cardFile}: "name" must be a string and "exact" true or false (got ${JSON.stringify(card.name)}, ${JSON.stringify(card.exact)})`);
  const b = readBitstringCsv(path.join(dirOrCsv, DATA_FILE), card.nQubits);
  const ds = makeDataset({ ...card, qubitMap: checkQubitMap(card.qubitMap, card.nQubits, `${cardFile}: qubitMap`), indices: b.indices, weights: b.weights, ...(Object.keys(b.columns).length ? { columns: b.columns } : {}) });
  ds.card = { ...ds.card, plateauVersion: card.plateauVersion, counts: { ...ds.card.counts, ...pick(card.counts, ['train', 'test']) } };
  return ds;
}

function pick(o: DataCard['counts'] | undefined, keys: ('train' | 'test')[]): Partial<DataCard['counts']> {
  const out: Partial<DataCard['counts']> = {};
  for (const k of keys) if (o && typeof o[k] === 'number') out[k] = o[k];
  return out;
}
