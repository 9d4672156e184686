/**
 * Datasets of any width as packed bit rows (bitRows.ts), for models that never hold 2^n numbers (IQP Born machines):
 * the folder layout of store.ts (data.csv + card.json), read without the 30-qubit limit of basis indices, and the
 * seeded train/test split of dataset.ts done the same way — events expanded in row order, a Fisher–Yates shuffle with
 * createRng(`split/${seed}`), the first ⌈(1 − f)·N⌉ to train — so at n ≤ 30 both give the same events.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../errors';
import { createRng } from '../rng';
import { BitRows, dedupe, emptyRows, fromBitstrings, fromIndices, weighted, WeightedRows } from './bitRows';
import { DataCard, dataCard, Dataset, DatasetInit, eventsOf } from './dataset';
import { columnIndex, numberCell, parseCsvTable, readText } from './readers/csv';
import { CARD_FILE, DATA_FILE } from './store';

export interface WideDataset {
  card: DataCard;
  rows: BitRows;
  /** Counts (events) or exact weights, [rows]. */
  weights: Float64Array;
  /** Optional physical values per row (e.g. the true shower energy), each [rows]. */
  columns?: Record<string, Float64Array>;
}

/** Builds and validates a wide dataset (any n) with its card, as makeDataset does for basis indices. */
export function makeWideDataset(init: Omit<DatasetInit, 'indices' | 'weights' | 'nQubits'> & { rows: BitRows; weights?: ArrayLike<number> }): WideDataset {
  const { rows, ...rest } = init, where = `dataset "${init.name}"`;
  if (rows.rows === 0) throw new ConfigError(`${where}: no rows`);
  const weights = init.weights ? Float64Array.from(init.weights) : new Float64Array(rows.rows).fill(1);
  if (weights.length !== rows.rows) throw new ConfigError(`${where}: ${rows.rows} rows but ${weights.length} weights`);
  weights.forEach((w, r) => {
    if (!(w >= 0 && Number.isFinite(w))) throw new ConfigError(`${where}: row ${r + 1} has weight ${w}`);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new ConfigError(`${where}: weights sum to zero`);
  const integer = weights.every((w) => Number.isInteger(w)), distinct = dedupe(weighted(rows, weights)).rows.rows;
  const card = dataCard({ ...rest, nQubits: rows.nQubits }, { rows: rows.rows, events: integer && !init.exact ? total : null, distinct, totalWeight: total });
  return { card, rows, weights, ...(init.columns ? { columns: init.columns } : {}) };
}

/** A dataset folder (card.json + data.csv) of any width. */
export function loadWideDataset(dir: string): WideDataset {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ConfigError(`${dir}: no such dataset folder`);
  const cardFile = path.join(dir, CARD_FILE);
  let card: DataCard;
  try {
    card = JSON.parse(readText(cardFile)) as DataCard;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`${cardFile}: not valid JSON (${(e as Error).message})`);
  }
  if (card.schema !== 'plateau.data-card/1' || !(Number.isInteger(card.nQubits) && card.nQubits >= 1)) throw new ConfigError(`${cardFile}: not a plateau data card (schema "${card.schema}", nQubits ${card.nQubits})`);
  const file = path.join(dir, DATA_FILE), t = parseCsvTable(readText(file), file), jb = columnIndex(t, 'bitstring');
  if (t.rows.length === 0) throw new ConfigError(`${file}: header only, no data rows`);
  const jw = t.header.includes('count') ? t.header.indexOf('count') : t.header.indexOf('weight');
  const rows = fromBitstrings(t.rows.map((r) => r[jb]), card.nQubits, file);
  const weights = Float64Array.from(t.rows, (_, r) => (jw >= 0 ? numberCell(t, r, jw) : 1));
  weights.forEach((w, r) => {
    if (!(w >= 0)) throw new ConfigError(`${file}:${t.lines[r]}: column "${t.header[jw]}" is ${w}, must be ≥ 0`);
  });
  return { card, rows, weights };
}

/** A ≤ 30-qubit Dataset as bit rows. */
export function wideFromDataset(ds: Dataset): WideDataset {
  return { card: ds.card, rows: fromIndices(ds.indices, ds.card.nQubits), weights: Float64Array.from(ds.weights) };
}

/** Seeded split into train and test rows (event data), as dataset.ts splitDataset; exact distributions are not split. */
export function splitWide(ds: WideDataset, testFraction: number, seed: number): { train: WeightedRows; test: WeightedRows } {
  if (ds.card.exact || testFraction === 0) {
    const all = weighted(ds.rows, ds.weights);
    return { train: all, test: all };
  }
  if (!ds.weights.every((w) => Number.isInteger(w))) throw new ConfigError(`dataset "${ds.card.name}" holds non-integer weights, not events; it cannot be split`);
  // events in row order, as eventsOf expands them; a stub Dataset keeps the one expansion rule
  const rowOfEvent = eventsOf({ card: { ...ds.card, exact: false }, indices: Uint32Array.from(ds.weights, (_, r) => r), weights: ds.weights });
  const rng = createRng(`split/${seed}`);
  for (let i = rowOfEvent.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rowOfEvent[i], rowOfEvent[j]] = [rowOfEvent[j], rowOfEvent[i]];
  }
  const nTrain = Math.ceil((1 - testFraction) * rowOfEvent.length);
  if (nTrain === rowOfEvent.length || nTrain === 0) throw new ConfigError(`splitDataset: ${rowOfEvent.length} events are too few for a test fraction of ${testFraction}`);
  const part = (ev: Uint32Array): WeightedRows => {
    const counts = new Map<number, number>();
    for (const r of ev) counts.set(r, (counts.get(r) ?? 0) + 1);
    const keys = [...counts.keys()].sort((a, b) => a - b), out = emptyRows(ds.rows.nQubits, keys.length);
    keys.forEach((r, k) => out.bits.set(ds.rows.bits.subarray(r * ds.rows.words, (r + 1) * ds.rows.words), k * out.words));
    return weighted(out, keys.map((k) => counts.get(k)!));
  };
  return { train: part(rowOfEvent.subarray(0, nTrain)), test: part(rowOfEvent.subarray(nTrain)) };
}
