/**
 * Derived event quantities, the one place every reader (CSV, HDF5, ROOT, LHE) gets them from. Four-vectors are declared
 * from a file's columns in ROOT's two conventions, `mu1=PxPyPzE(px1,py1,pz1,E1)` or `mu1=PtEtaPhiM(pt1,eta1,phi1,0.10566)`
 * (an argument is a column name or a number; GeV and radians), and a feature such as `mass(mu1+mu2)`, `pt(mu1)` or
 * `rapidity(mu1+mu2)` is a kinematic quantity of the sum of the named four-vectors, computed per row in Float64.
 * `mass_mumu` is kept as an alias for the CMS open-data dimuon layout (pt1, eta1, phi1, pt2, eta2, phi2).
 */
import { ConfigError } from '../../errors';

/** PDG 2024 muon mass, GeV. */
export const MUON_MASS_GEV = 0.1056583755;

export type P4Form = 'PxPyPzE' | 'PtEtaPhiM' | 'PtEtaPhiE';
export const P4_FORMS: readonly P4Form[] = ['PxPyPzE', 'PtEtaPhiM', 'PtEtaPhiE'];

/** A four-vector built per row from four columns or constants, in the order its form names them. */
export interface P4Def {
  name: string;
  form: P4Form;
  args: (string | number)[];
}

/** Kinematic quantities of a four-vector (E, px, py, pz); GeV, radians. */
export const QUANTITIES = {
  mass: (e: number, px: number, py: number, pz: number) => Math.sqrt(Math.max(0, e * e - px * px - py * py - pz * pz)),
  pt: (_e: number, px: number, py: number) => Math.hypot(px, py),
  eta: (_e: number, px: number, py: number, pz: number) => Math.asinh(pz / Math.hypot(px, py)),
  phi: (_e: number, px: number, py: number) => Math.atan2(py, px),
  rapidity: (e: number, _px: number, _py: number, pz: number) => 0.5 * Math.log((e + pz) / (e - pz)),
  E: (e: number) => e,
  px: (_e: number, px: number) => px,
  py: (_e: number, _px: number, py: number) => py,
  pz: (_e: number, _px: number, _py: number, pz: number) => pz,
  p: (_e: number, px: number, py: number, pz: number) => Math.hypot(px, py, pz),
} as const;
export type Quantity = keyof typeof QUANTITIES;

/** Parses `name=Form(a,b,c,d)`. */
export function parseP4(spec: string): P4Def {
  const m = /^\s*([A-Za-z_]\w*)\s*=\s*(\w+)\s*\(([^()]*)\)\s*$/.exec(spec);
  if (!m) throw new ConfigError(`--p4 "${spec}" must look like mu1=PxPyPzE(px1,py1,pz1,E1) or mu1=PtEtaPhiM(pt1,eta1,phi1,0.10566)`);
  const form = m[2] as P4Form;
  if (!P4_FORMS.includes(form)) throw new ConfigError(`--p4 "${spec}": unknown form "${m[2]}" (known: ${P4_FORMS.join(', ')})`);
  const args = m[3].split(',').map((a) => a.trim());
  if (args.length !== 4 || args.some((a) => a === '')) throw new ConfigError(`--p4 "${spec}": ${form} takes four columns or numbers, got ${args.length}`);
  return { name: m[1], form, args: args.map((a) => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(a) ? Number(a) : a)) };
}

/** A derived feature: a quantity of the sum of named four-vectors. */
export interface DerivedFeature {
  name: string;
  quantity: Quantity;
  particles: string[];
}

/** `quantity(a+b+…)` with every name a declared four-vector, or null when `name` does not have that shape. */
export function parseDerived(name: string, p4: readonly P4Def[]): DerivedFeature | null {
  const m = /^(\w+)\(([^()]+)\)$/.exec(name.trim());
  if (!m) return null;
  if (!(m[1] in QUANTITIES)) throw new ConfigError(`feature "${name}": unknown quantity "${m[1]}" (known: ${Object.keys(QUANTITIES).join(', ')})`);
  const particles = m[2].split('+').map((s) => s.trim());
  for (const p of particles)
    if (!p4.some((d) => d.name === p)) throw new ConfigError(`feature "${name}": no four-vector "${p}" (declare it with --p4 ${p}=PxPyPzE(…) or ${p}=PtEtaPhiM(…)${p4.length ? `; declared: ${p4.map((d) => d.name).join(', ')}` : ''})`);
  return { name, quantity: m[1] as Quantity, particles };
}

/** Named shortcuts kept for the CMS open-data dimuon CSV. */
const CMS_MUONS: P4Def[] = [
  { name: 'mu1', form: 'PtEtaPhiM', args: ['pt1', 'eta1', 'phi1', MUON_MASS_GEV] },
  { name: 'mu2', form: 'PtEtaPhiM', args: ['pt2', 'eta2', 'phi2', MUON_MASS_GEV] },
];
export const ALIASES: Record<string, { feature: string; p4: P4Def[]; description: string }> = {
  mass_mumu: { feature: 'mass(mu1+mu2)', p4: CMS_MUONS, description: 'dimuon invariant mass (GeV) from the two muons\' pT, η, φ with the PDG muon mass' },
};

/** Where columns come from: which names a file has, and reading some of them (finite values, equal lengths). */
export interface ColumnSource {
  file: string;
  has(column: string): boolean;
  /** What the file offers, for error messages. */
  describe(): string;
  read(columns: readonly string[]): Promise<Record<string, Float64Array>>;
  /** Releases the file when reading stops early. */
  close?(): void;
  /** Four-vectors the source itself defines (LHE particles). */
  p4?: P4Def[];
  /** What the source did (selections, skipped events), for the data card. */
  notes?: string[];
}

/** (E, px, py, pz) per row of a four-vector definition, given its input columns. */
function fourMomenta(d: P4Def, cols: Record<string, Float64Array>, rows: number): [Float64Array, Float64Array, Float64Array, Float64Array] {
  const arg = (i: number) => { const a = d.args[i]; return typeof a === 'number' ? new Float64Array(rows).fill(a) : cols[a]; };
  const [a, b, c, x] = [0, 1, 2, 3].map(arg);
  if (d.form === 'PxPyPzE') return [x, a, b, c];
  const e = new Float64Array(rows), px = new Float64Array(rows), py = new Float64Array(rows), pz = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    px[r] = a[r] * Math.cos(c[r]);
    py[r] = a[r] * Math.sin(c[r]);
    pz[r] = a[r] * Math.sinh(b[r]);
    e[r] = d.form === 'PtEtaPhiE' ? x[r] : Math.sqrt(px[r] * px[r] + py[r] * py[r] + pz[r] * pz[r] + x[r] * x[r]);
  }
  return [e, px, py, pz];
}

/** Per-row values of a derived feature; a non-finite result (e.g. η of a particle with pT = 0) is an error naming the row. */
export function computeDerived(f: DerivedFeature, p4: readonly P4Def[], cols: Record<string, Float64Array>, rows: number, where: string): Float64Array {
  const sum = [new Float64Array(rows), new Float64Array(rows), new Float64Array(rows), new Float64Array(rows)];
  for (const name of f.particles) {
    const v = fourMomenta(p4.find((d) => d.name === name)!, cols, rows);
    for (let k = 0; k < 4; k++) for (let r = 0; r < rows; r++) sum[k][r] += v[k][r];
  }
  const q = QUANTITIES[f.quantity], out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    out[r] = q(sum[0][r], sum[1][r], sum[2][r], sum[3][r]);
    if (!Number.isFinite(out[r])) throw new ConfigError(`${where}: row ${r + 1}: derived feature "${f.name}" is ${out[r]} (E = ${sum[0][r]}, p = (${sum[1][r]}, ${sum[2][r]}, ${sum[3][r]}))`);
  }
  return out;
}

/**
 * Reads the named features from a source: columns the file has are read as they are; `quantity(a+b)` features and
 * aliases are computed from the four-vectors' input columns, which are read once. The source's own four-vectors (LHE
 * particles) join the declared ones.
 */
export async function readFeatures(src: ColumnSource, names: readonly string[], p4: readonly P4Def[] = []): Promise<{ columns: Record<string, Float64Array>; rows: number; derived: string[]; notes?: string[] }> {
  try {
    return { ...(await planAndRead(src, names, [...p4, ...(src.p4 ?? [])])), notes: src.notes };
  } finally {
    src.close?.();
  }
}

async function planAndRead(src: ColumnSource, names: readonly string[], p4: readonly P4Def[]): Promise<{ columns: Record<string, Float64Array>; rows: number; derived: string[] }> {
  if (names.length === 0) throw new ConfigError(`${src.file}: no columns requested`);
  const plan = names.map((name) => {
    if (src.has(name)) return { name, raw: name };
    const alias = Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
    const defs = alias && !parseDerived(name, p4) ? alias.p4 : p4;
    const d = parseDerived(alias ? alias.feature : name, defs);
    if (!d) return { name, raw: name };
    return { name, derived: { ...d, name }, defs };
  });
  const need = new Set<string>();
  for (const s of plan) {
    if (s.raw !== undefined) need.add(s.raw);
    else for (const p of s.derived!.particles) for (const a of s.defs!.find((d) => d.name === p)!.args) if (typeof a === 'string') need.add(a);
  }
  for (const s of plan) if (s.derived) {
    const missing = s.derived.particles.flatMap((p) => s.defs!.find((d) => d.name === p)!.args).filter((a): a is string => typeof a === 'string' && !src.has(a));
    if (missing.length) throw new ConfigError(`${src.file}: derived feature "${s.name}" needs ${[...new Set(missing)].map((m) => `"${m}"`).join(', ')}, not in the file (${src.describe()})`);
  }
  const raw = await src.read([...need]);
  const rows = Object.values(raw)[0]?.length ?? 0;
  const columns: Record<string, Float64Array> = {};
  for (const s of plan) columns[s.name] = s.derived ? computeDerived(s.derived, s.defs!, raw, rows, src.file) : raw[s.raw!];
  return { columns, rows, derived: plan.filter((s) => s.derived).map((s) => s.name) };
}
