/**
 * CSV reading through csv-parse (a maintained RFC 4180 parser: quoting, CRLF, comments), not a hand-written split.
 * `readCsvTable` gives the header and string cells with their 1-based file line; `readCsvColumns` picks numeric
 * columns by name; `csvSource` offers them to readers/derived.ts (derived features). Every problem is one ConfigError
 * line `file:line: column "c": problem`.
 */
import * as fs from 'fs';
import { parse } from 'csv-parse/sync';
import { ConfigError } from '../../errors';
import { ColumnSource } from './derived';

export interface CsvTable {
  file: string;
  header: string[];
  rows: string[][];
  /** 1-based line in the file where each row starts. */
  lines: number[];
}

/** Reads a file as text, mapping fs errors to one-line ConfigErrors. */
export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code ?? String(e)})`}`);
  }
}

/** Parses CSV text with a header line; '#' starts a comment line; blank lines are skipped. */
export function parseCsvTable(text: string, file: string): CsvTable {
  if (text.trim() === '') throw new ConfigError(`${file}: empty file (expected a header line)`);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse returns {record, info} objects; its typings do not model that option.
    const raw: unknown = parse(text, { info: true, skip_empty_lines: true, comment: '#', trim: true, bom: true });
    records = raw as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number; code?: string };
    throw new ConfigError(`${file}:${err.lines ?? '?'}: malformed CSV (${err.message.replace(/\s+/g, ' ')})`);
  }
  if (records.length === 0) throw new ConfigError(`${file}: empty file (expected a header line)`);
  const header = records[0].record;
  const seen = new Set<string>();
  header.forEach((h, j) => {
    if (h === '') throw new ConfigError(`${file}:${records[0].info.lines}: column ${j + 1} of the header is empty`);
    if (seen.has(h)) throw new ConfigError(`${file}:${records[0].info.lines}: column "${h}" appears twice in the header`);
    seen.add(h);
  });
  // csv-parse reports the line where a record ends; a record spans one line unless a quoted field holds newlines.
  return { file, header, rows: records.slice(1).map((r) => r.record), lines: records.slice(1).map((r) => r.info.lines) };
}

/** Parses one cell as a finite number or throws naming file, line and column. */
export function numberCell(t: CsvTable, r: number, j: number): number {
  const s = t.rows[r][j];
  const v = s === '' ? NaN : Number(s);
  if (!Number.isFinite(v)) {
    const what = s === '' ? 'is empty' : /^[+-]?(inf|infinity|nan)$/i.test(s) || !Number.isNaN(v) ? `is ${s}, not a finite number` : `"${s}" is not a number`;
    throw new ConfigError(`${t.file}:${t.lines[r]}: column "${t.header[j]}" ${what}`);
  }
  return v;
}

/** Index of a named column or a ConfigError listing the header. */
export function columnIndex(t: CsvTable, name: string): number {
  const j = t.header.indexOf(name);
  if (j < 0) throw new ConfigError(`${t.file}: no column "${name}" (header: ${t.header.join(', ')})`);
  return j;
}

export interface ReadColumnsResult {
  columns: Record<string, Float64Array>;
  rows: number;
  header: string[];
}

/** Numeric columns by name from a CSV event file (derived features: readers/derived.ts `readFeatures(csvSource(file), …)`). */
export function readCsvColumns(file: string, names: readonly string[]): ReadColumnsResult {
  return columnsOf(loadEventTable(file), names);
}

function loadEventTable(file: string): CsvTable {
  const t = parseCsvTable(readText(file), file);
  if (t.rows.length === 0) throw new ConfigError(`${file}: header only, no data rows`);
  return t;
}

function columnsOf(t: CsvTable, names: readonly string[]): ReadColumnsResult {
  if (names.length === 0) throw new ConfigError(`${t.file}: no columns requested`);
  const columns: Record<string, Float64Array> = {};
  for (const name of names) {
    const j = columnIndex(t, name);
    const c = new Float64Array(t.rows.length);
    for (let r = 0; r < t.rows.length; r++) c[r] = numberCell(t, r, j);
    columns[name] = c;
  }
  return { columns, rows: t.rows.length, header: t.header };
}

/** A CSV event file as a column source (the file is parsed once, on creation). */
export function csvSource(file: string): ColumnSource {
  const t = loadEventTable(file);
  return { file, has: (c) => t.header.includes(c), describe: () => `header: ${t.header.join(', ')}`, read: async (names) => columnsOf(t, names).columns };
}
