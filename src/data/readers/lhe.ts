/**
 * Les Houches event files (.lhe, or gzip-compressed, as MadGraph, POWHEG, Pythia, Sherpa, Whizard write them;
 * format: Alwall et al., "A standard format for Les Houches Event Files", hep-ph/0609017), read as a stream line by
 * line. Each <event> opens with NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP and has NUP particle lines IDUP ISTUP MOTHUP(2)
 * ICOLUP(2) PUP(5) VTIMUP SPINUP, PUP = (px, py, pz, E, m) in GeV; lines after them (comments, <rwgt>, <mgrwt>) are
 * skipped. A named selection `l1=13|-13#1` takes, per event, the particle of rank 1 in descending pT among those with
 * one of the PDG ids and the chosen status (1 = outgoing final state, 2 = intermediate resonance); events without it
 * are skipped and counted. Columns: the event fields (nup, idprup, weight, scale, aqed, aqcd) and per selection
 * `l1.px`, `l1.py`, `l1.pz`, `l1.E`, `l1.m`, `l1.id`, with a four-vector `l1` for derived features (`mass(l1+l2)`).
 */
import * as fs from 'fs';
import * as readline from 'readline';
import * as zlib from 'zlib';
import { ConfigError } from '../../errors';
import { ColumnSource, P4Def } from './derived';

export interface ParticleSelection {
  name: string;
  /** PDG ids accepted. */
  ids: number[];
  /** 1 = the highest-pT match, 2 = the next, … */
  rank: number;
}

export const EVENT_FIELDS = ['nup', 'idprup', 'weight', 'scale', 'aqed', 'aqcd'] as const;
export const PARTICLE_FIELDS = ['px', 'py', 'pz', 'E', 'm', 'id'] as const;

/** Parses `name=ID[|ID…][#rank]`, e.g. `mu=13`, `lep=11|-11|13|-13#2`. */
export function parseParticleSelection(spec: string): ParticleSelection {
  const m = /^\s*([A-Za-z_]\w*)\s*=\s*([-+\d|\s]+?)\s*(?:#\s*(\d+))?\s*$/.exec(spec);
  const ids = m ? m[2].split('|').map((s) => s.trim()) : [];
  if (!m || ids.some((s) => !/^[-+]?\d+$/.test(s))) throw new ConfigError(`--particle "${spec}" must look like mu=13 or lep=11|-11|13|-13#2 (name=PDG ids[#rank by pT])`);
  const rank = m[3] === undefined ? 1 : Number(m[3]);
  if (rank < 1) throw new ConfigError(`--particle "${spec}": rank must be ≥ 1`);
  return { name: m[1], ids: ids.map(Number), rank };
}

/** A number in an LHE line: Fortran writes 1.0D+02 for 1.0E+02. */
const num = (s: string): number => Number(s.replace(/[dD]/, 'e'));

/** Lines of a plain or gzip file, with 1-based numbers; a damaged gzip stream is one ConfigError. */
async function* lines(file: string): AsyncGenerator<[string, number]> {
  const fd = fs.openSync(file, 'r'), magic = Buffer.alloc(2);
  fs.readSync(fd, magic, 0, 2, 0);
  fs.closeSync(fd);
  const raw = fs.createReadStream(file);
  const gz = magic[0] === 0x1f && magic[1] === 0x8b;
  const stream = gz ? raw.pipe(zlib.createGunzip()) : raw;
  let failure: Error | null = null;
  stream.on('error', (e: Error) => { failure = e; });
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of rl) yield [line, ++n];
  } catch (e) {
    failure = e as Error;
  } finally {
    // Also when the reader stops early (a bad line): release the file.
    rl.close();
    raw.destroy();
  }
  if (failure) throw new ConfigError(`${file}: ${gz ? 'damaged or truncated gzip stream' : 'read error'} after line ${n} (${(failure as Error).message})`);
}

export interface LheEvents {
  columns: Record<string, Float64Array>;
  events: number;
  skipped: number;
}

/** Reads every event, keeping the event fields and the selected particles; events lacking a selection are skipped. */
export async function readLheEvents(file: string, sel: readonly ParticleSelection[], status = 1): Promise<LheEvents> {
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no such file`);
  if (fs.statSync(file).isDirectory()) throw new ConfigError(`${file}: is a directory, not a file`);
  if (fs.statSync(file).size === 0) throw new ConfigError(`${file}: empty file`);
  const names = [...EVENT_FIELDS, ...sel.flatMap((s) => PARTICLE_FIELDS.map((f) => `${s.name}.${f}`))];
  const out: number[][] = names.map(() => []);
  let seenHeader = false, closed = false, inEvent = false, eventStart = 0, events = 0, skipped = 0;
  let head: number[] | null = null, parts: number[][] = [];
  const bad = (line: number, what: string) => new ConfigError(`${file}:${line}: event ${events + 1}: ${what}`);
  for await (const [text, ln] of lines(file)) {
    const t = text.trim();
    if (!seenHeader) {
      if (t === '') continue;
      if (!t.startsWith('<LesHouchesEvents') && !t.startsWith('<?xml')) throw new ConfigError(`${file}:${ln}: not a Les Houches event file (expected <LesHouchesEvents …>, got "${t.slice(0, 40)}")`);
      if (t.startsWith('<LesHouchesEvents')) seenHeader = true;
      continue;
    }
    if (!inEvent) {
      if (/^<event[\s>]/.test(t) || t === '<event>') { inEvent = true; eventStart = ln; head = null; parts = []; }
      else if (t.startsWith('</LesHouchesEvents')) closed = true;
      continue;
    }
    if (t.startsWith('</event')) {
      if (!head) throw bad(ln, 'no event line before </event>');
      if (parts.length < head[0]) throw bad(ln, `${parts.length} particle lines, NUP says ${head[0]}`);
      const chosen = sel.map((s) => parts.filter((p) => p[1] === status && s.ids.includes(p[0])).sort((a, b) => Math.hypot(b[6], b[7]) - Math.hypot(a[6], a[7]))[s.rank - 1]);
      events++;
      inEvent = false;
      if (chosen.some((p) => !p)) { skipped++; continue; }
      let k = 0;
      for (const v of head) out[k++].push(v);
      for (const p of chosen) for (const v of [p[6], p[7], p[8], p[9], p[10], p[0]]) out[k++].push(v);
      continue;
    }
    if (t === '' || t.startsWith('#') || t.startsWith('<')) {
      // Blank lines, comments and tags (<rwgt>, <mgrwt>, <weights>) may follow the particles, not interrupt them.
      if (head && parts.length < head[0] && t !== '') throw bad(ln, `${parts.length} particle lines, NUP says ${head[0]}`);
      continue;
    }
    if (head && parts.length >= head[0]) continue; // text after the particles (e.g. inside <rwgt>)
    const f = t.split(/\s+/).map(num);
    const badAt = f.findIndex((x) => !Number.isFinite(x));
    if (!head) {
      if (f.length < 6 || badAt >= 0 && badAt < 6) throw bad(ln, `the event line needs NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP as numbers, got "${t.slice(0, 60)}"`);
      if (!Number.isInteger(f[0]) || f[0] < 1) throw bad(ln, `NUP = ${f[0]} is not a positive integer`);
      head = f.slice(0, 6);
      continue;
    }
    if (f.length < 13) throw bad(ln, `particle line ${parts.length + 1} has ${f.length} fields, expected 13 (IDUP ISTUP MOTHUP×2 ICOLUP×2 px py pz E m VTIMUP SPINUP)`);
    if (badAt >= 0 && badAt < 13) throw bad(ln, `particle line ${parts.length + 1} field ${badAt + 1} is "${t.split(/\s+/)[badAt]}", not a finite number`);
    parts.push(f);
  }
  if (!seenHeader) throw new ConfigError(`${file}: not a Les Houches event file (no <LesHouchesEvents> tag)`);
  if (inEvent) throw new ConfigError(`${file}:${eventStart}: truncated: event ${events + 1} has no </event>`);
  if (!closed) throw new ConfigError(`${file}: truncated: no </LesHouchesEvents> after ${events} events`);
  if (events === 0) throw new ConfigError(`${file}: no events`);
  const rows = events - skipped;
  if (rows === 0) throw new ConfigError(`${file}: empty selection: none of the ${events} events has ${sel.map((s) => `${s.name} (ids ${s.ids.join('|')}, status ${status}, rank ${s.rank})`).join(' and ')}`);
  return { columns: Object.fromEntries(names.map((n, k) => [n, Float64Array.from(out[k])])), events, skipped };
}

/** An LHE file as a column source, with one four-vector per particle selection. */
export function lheSource(file: string, sel: readonly ParticleSelection[], status = 1): ColumnSource {
  const seen = new Set<string>();
  for (const s of sel) {
    if (seen.has(s.name)) throw new ConfigError(`--particle: "${s.name}" is named twice`);
    seen.add(s.name);
  }
  const names = new Set<string>([...EVENT_FIELDS, ...sel.flatMap((s) => PARTICLE_FIELDS.map((f) => `${s.name}.${f}`))]);
  const p4: P4Def[] = sel.map((s) => ({ name: s.name, form: 'PxPyPzE', args: ['px', 'py', 'pz', 'E'].map((f) => `${s.name}.${f}`) }));
  const src: ColumnSource = {
    file, p4,
    has: (c) => names.has(c),
    describe: () => `columns: ${[...names].join(', ')}${sel.length ? '' : '; select particles with --particle name=PDG ids'}`,
    read: async (cols) => {
      for (const c of cols) if (!names.has(c)) throw new ConfigError(`${file}: no column "${c}" (${src.describe()})`);
      const r = await readLheEvents(file, sel, status);
      src.notes = [`${r.events} events read, ${r.skipped} without ${sel.map((s) => s.name).join(' and ') || 'the selection'} skipped (status ${status})`];
      return Object.fromEntries(cols.map((c) => [c, r.columns[c]]));
    },
  };
  return src;
}
