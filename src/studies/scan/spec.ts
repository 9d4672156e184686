/**
 * A scan as data: losses × datasets × ansatz depths × qubit counts × shot budgets, draws per point, seed. Validated
 * with zod (every problem is one ConfigError line naming the key), completed with defaults, and hashed (SHA-256 of the
 * canonical JSON, keys sorted) so that shards and resumed runs can prove they belong to the same scan.
 * Lists also come as text from the command line: "2..12", "2,4,8", losses "kl,mmd(n/4),mmd(1)", shots "exact,100".
 */
import { z } from 'zod';
import { ENGINE_NAMES } from '../../engines/engine';
import { canonicalHash } from '../../canonical';
import { ConfigError, zodConfigError } from '../../errors';
import { ANSATZ_NAMES, AnsatzName, Depth, resolveDepth } from './ansatz';
import { ansatzFor, ansatzNamesWhere } from '../../models/ansatzRegistry';
import { checkDatasetName, scanDataset } from './datasets';
import { DATA_FREE_LOSSES, parseScanLoss, resolveScanLoss, ScanLossSpec } from './losses';
import { IqpScanOptions, iqpScanGenerators, MAX_IQP_SCAN_QUBITS, parseIqpInit, scanRows } from './iqp';
import { IQP_TOPOLOGIES } from '../../models/iqp/generators';
import { EXACT, parseIntList, parseShots, splitList, withShotsRead } from '../../vocabulary';
import { checkScanSizes } from './pointMemory';
import { parseNumber } from '../../cli';

export const SPEC_SCHEMA = 'plateau.scan-spec/1';
export const MAX_SCAN_QUBITS = 24;

export interface ScanSpec {
  schema: typeof SPEC_SCHEMA;
  /** The preset this spec came from (it adds analytic references to the plots), or null. */
  preset: string | null;
  losses: ScanLossSpec[];
  /** Dataset names (datasets.ts); data-free losses ignore them. */
  datasets: string[];
  ansatz: AnsatzName;
  depths: Depth[];
  qubits: number[];
  /** Random parameter sets (or Haar states) per point. */
  draws: number;
  /** Random circuit instances per point (McClean's random gate choices; draws are split evenly among them). */
  circuits: number;
  /** Shot budgets per loss evaluation; "exact" reads probabilities exactly. */
  shots: ('exact' | number)[];
  /** Compute gradients (autodiff when exact, parameter shift with shots). */
  gradients: boolean;
  /** Bootstrap resamples per statistic (0: no intervals). */
  bootstrap: number;
  /** Confidence level of bootstrap and fit intervals. */
  level: number;
  seed: number;
  engine: 'auto' | (typeof ENGINE_NAMES)[number];
  /** IQP scans only (ansatz "iqp"): generator graph and masks per point; their "depths" are initialisations. */
  iqp?: IqpScanOptions;
}

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
const rawSchema = z.strictObject({
  schema: z.literal(SPEC_SCHEMA).optional(),
  preset: z.string().nullable().optional(),
  losses: z.array(z.unknown()).min(1),
  datasets: z.array(z.string()).min(1).optional(),
  ansatz: z.enum(ANSATZ_NAMES).optional(),
  depths: z
    .array(z.union([int(0), z.string()]))
    .min(1)
    .optional(),
  qubits: z.array(int(1, MAX_IQP_SCAN_QUBITS)).min(1),
  draws: int(2).optional(),
  circuits: int(1).optional(),
  shots: z
    .array(z.union([z.literal('exact'), int(1)]))
    .min(1)
    .optional(),
  gradients: z.boolean().optional(),
  bootstrap: int(0, 100000).optional(),
  level: z.number().gt(0.5).lt(1).optional(),
  seed: int(0).optional(),
  engine: z.enum(['auto', ...ENGINE_NAMES]).optional(),
  iqp: z
    .strictObject({
      generators: z.enum(IQP_TOPOLOGIES).optional(),
      degree: z.number().positive().optional(),
      edgeProbability: z.number().min(0).max(1).optional(),
      masks: int(1).optional(),
    })
    .optional(),
});
export type ScanSpecInput = z.input<typeof rawSchema>;

const unique = <T>(xs: T[], key: string, where: string) => {
  const seen = new Set<string>();
  for (const x of xs) {
    const k = JSON.stringify(x);
    if (seen.has(k)) throw new ConfigError(`${where}.${key}: ${k} is listed twice`);
    seen.add(k);
  }
};

/** A spec's shot budgets in the shared vocabulary (vocabulary.ts): null is "exact", 0 is refused. */
function withExactShots(raw: unknown, where: string): unknown {
  const v = withShotsRead(raw, `${where}.`) as { shots?: unknown };
  return Array.isArray(v?.shots) ? { ...v, shots: v.shots.map((s) => s ?? EXACT) } : v;
}

/**
 * Validates a scan spec (object from a JSON file or built from flags) and fills in defaults: datasets ["ghz"],
 * ansatz "hep", depths [4] ([0] for product ansätze, ["haar"] for ansatz "haar"), draws 256, circuits 1, shots ["exact"],
 * gradients true, bootstrap 200, level 0.95, seed 1, engine "auto". Qubit counts are sorted ascending. Every loss,
 * dataset and depth is also checked at every n, so that no shard fails half-way.
 */
export function resolveScanSpec(raw: unknown, where = 'scan spec'): ScanSpec {
  const named = (raw as { ansatz?: unknown } | null)?.ansatz;
  if (named !== undefined) ansatzFor(named, 'scan', `${where}.ansatz`); // an unknown name, or one that is not for scans, in one line
  const r = rawSchema.safeParse(withExactShots(raw, where));
  if (!r.success) throw zodConfigError(r.error, where, raw);
  const v = r.data;
  const ansatz = v.ansatz ?? 'hep',
    entry = ansatzFor(ansatz, 'scan');
  if (ansatz !== 'iqp' && v.qubits.some((n) => n > MAX_SCAN_QUBITS))
    throw new ConfigError(
      `${where}.qubits: state-vector scans go up to ${MAX_SCAN_QUBITS} qubits (IQP scans, --ansatz iqp, to ${MAX_IQP_SCAN_QUBITS}), got ${Math.max(...v.qubits)}`,
    );
  if (ansatz !== 'iqp' && v.iqp) throw new ConfigError(`${where}.iqp: only for ansatz "iqp"`);
  if (ansatz === 'iqp') return resolveIqpSpec(v, where);
  const product = entry.form === 'circuit' && entry.layers === 'none',
    haar = entry.form === 'haar-states';
  const depths: Depth[] = haar ? ['haar'] : (v.depths ?? (product ? [0] : [4]));
  if (haar && v.depths && v.depths.some((d) => d !== 'haar'))
    throw new ConfigError(`${where}.depths: ansatz "haar" has no layers; leave depths out or use ["haar"]`);
  if (product && depths.some((d) => d !== 0 && d !== 'haar'))
    throw new ConfigError(
      `${where}.depths: ansatz "${ansatz}" has no layers; use depths [0] (and "haar" for Haar states), got ${JSON.stringify(depths)}`,
    );
  const spec: ScanSpec = {
    schema: SPEC_SCHEMA,
    preset: v.preset ?? null,
    losses: v.losses.map((l, i) => parseScanLoss(l, `${where}.losses.${i}`)),
    datasets: v.datasets ?? ['ghz'],
    ansatz,
    depths,
    qubits: [...v.qubits].sort((a, b) => a - b),
    draws: v.draws ?? 256,
    circuits: v.circuits ?? 1,
    shots: v.shots ?? ['exact'],
    gradients: v.gradients ?? true,
    bootstrap: v.bootstrap ?? 200,
    level: v.level ?? 0.95,
    seed: v.seed ?? 1,
    engine: v.engine ?? 'auto',
  };
  if (spec.circuits > 1 && !entry.randomGates)
    throw new ConfigError(
      `${where}.circuits: only ansatz ${ansatzNamesWhere('scan', (e) => e.randomGates)
        .map((a) => `"${a}"`)
        .join(', ')} has random circuit instances, got ${spec.circuits} for "${ansatz}"`,
    );
  if (spec.circuits > spec.draws / 2)
    throw new ConfigError(
      `${where}.circuits: ${spec.circuits} instances need at least ${2 * spec.circuits} draws, got ${spec.draws}`,
    );
  unique(spec.qubits, 'qubits', where);
  unique(spec.depths, 'depths', where);
  unique(spec.datasets, 'datasets', where);
  unique(spec.shots, 'shots', where);
  const keys = spec.losses.map((l) => JSON.stringify(l));
  keys.forEach((k, i) => {
    if (keys.indexOf(k) !== i) throw new ConfigError(`${where}.losses.${i}: ${k} is listed twice`);
  });
  spec.datasets.forEach((d, i) => checkDatasetName(d, `${where}.datasets.${i}`));
  const dataUsed = spec.losses.some((l) => !(DATA_FREE_LOSSES as readonly string[]).includes(l.loss));
  for (const n of spec.qubits) {
    spec.depths.forEach((d, i) => resolveDepth(d, n, `${where}.depths.${i}`));
    spec.losses.forEach((l, i) => resolveScanLoss(l, n, `${where}.losses.${i}`));
    if (dataUsed) spec.datasets.forEach((d, i) => scanDataset(d, n, spec.seed, `${where}.datasets.${i}`));
  }
  checkScanSizes(spec, where);
  return spec;
}

/** An IQP scan: depths are initialisations, losses MMD only, exact in z (no shots), 1- and 2-body generators. */
function resolveIqpSpec(v: z.infer<typeof rawSchema>, where: string): ScanSpec {
  const spec: ScanSpec = {
    schema: SPEC_SCHEMA,
    preset: v.preset ?? null,
    losses: v.losses.map((l, i) => parseScanLoss(l, `${where}.losses.${i}`)),
    datasets: v.datasets ?? ['random:n'],
    ansatz: 'iqp',
    depths: v.depths ?? ['random', 'small-angle', 'gaussian(0.1)', 'data'],
    qubits: [...v.qubits].sort((a, b) => a - b),
    draws: v.draws ?? 64,
    circuits: 1,
    shots: ['exact'],
    gradients: v.gradients ?? true,
    bootstrap: v.bootstrap ?? 200,
    level: v.level ?? 0.95,
    seed: v.seed ?? 1,
    engine: v.engine ?? 'auto',
    iqp: {
      generators: v.iqp?.generators ?? 'erdos-renyi',
      degree: v.iqp?.degree,
      edgeProbability:
        v.iqp?.edgeProbability ?? (v.iqp?.generators === undefined && v.iqp?.degree === undefined ? 0.02 : undefined),
      masks: v.iqp?.masks ?? 1000,
    },
  };
  if (v.shots && v.shots.some((s) => s !== 'exact'))
    throw new ConfigError(`${where}.shots: IQP scans read ⟨Z_a⟩ exactly (closed form); shots do not apply`);
  if (v.circuits !== undefined && v.circuits !== 1)
    throw new ConfigError(`${where}.circuits: IQP scans have one generator graph per n`);
  spec.losses.forEach((l, i) => {
    if (l.loss !== 'mmd')
      throw new ConfigError(`${where}.losses.${i}: IQP scans measure the MMD ("mmd(σ)"), got "${l.loss}"`);
  });
  unique(spec.qubits, 'qubits', where);
  unique(spec.depths, 'depths', where);
  unique(spec.datasets, 'datasets', where);
  spec.depths.forEach((d, i) => parseIqpInit(d, `${where}.depths.${i}`));
  const params = new Map<number, number>();
  for (const n of spec.qubits) {
    params.set(n, iqpScanGenerators(spec.iqp!, n).count);
    spec.losses.forEach((l, i) => resolveScanLoss(l, n, `${where}.losses.${i}`));
    spec.datasets.forEach((d, i) => scanRows(d, n, spec.seed, `${where}.datasets.${i}`));
  }
  checkScanSizes(spec, where, (n) => params.get(n) ?? 0);
  return spec;
}

/** First 16 hex digits of SHA-256 of the canonical spec (canonical.ts). */
export function specHash(spec: ScanSpec): string {
  return canonicalHash(spec).slice(0, 16);
}

export { parseIntList, splitList }; // the shared command-line vocabulary (vocabulary.ts)

/** Flag values as text (from commander) → a raw spec for resolveScanSpec; undefined flags are left out. */
export function specFromFlags(f: {
  losses?: string;
  datasets?: string;
  ansatz?: string;
  depths?: string;
  qubits?: string;
  draws?: string;
  circuits?: string;
  shots?: string;
  gradients?: boolean;
  bootstrap?: string;
  level?: string;
  seed?: string;
  engine?: string;
  generators?: string;
  degree?: string;
  edgeProbability?: string;
  masks?: string;
}): Record<string, unknown> {
  const num = (s: string, what: string) => parseNumber(s, what, -Infinity, false); // ranges and integers: the schema
  const out: Record<string, unknown> = {};
  if (f.losses !== undefined) out.losses = splitList(f.losses);
  if (f.datasets !== undefined) out.datasets = splitList(f.datasets);
  if (f.ansatz !== undefined) out.ansatz = f.ansatz;
  if (f.depths !== undefined) out.depths = splitList(f.depths).map((d) => (/^\d+$/.test(d) ? Number(d) : d));
  if (f.qubits !== undefined) out.qubits = parseIntList(f.qubits, '--qubits');
  if (f.draws !== undefined) out.draws = num(f.draws, '--draws');
  if (f.circuits !== undefined) out.circuits = num(f.circuits, '--circuits');
  if (f.shots !== undefined) out.shots = splitList(f.shots).map((s) => parseShots(s, '--shots') ?? EXACT);
  if (f.gradients !== undefined) out.gradients = f.gradients;
  if (f.bootstrap !== undefined) out.bootstrap = num(f.bootstrap, '--bootstrap');
  if (f.level !== undefined) out.level = num(f.level, '--level');
  if (f.seed !== undefined) out.seed = num(f.seed, '--seed');
  if (f.engine !== undefined) out.engine = f.engine;
  const iqp = Object.fromEntries(
    Object.entries({
      generators: f.generators,
      degree: f.degree === undefined ? undefined : num(f.degree, '--degree'),
      edgeProbability: f.edgeProbability === undefined ? undefined : num(f.edgeProbability, '--edge-probability'),
      masks: f.masks === undefined ? undefined : num(f.masks, '--masks'),
    }).filter(([, x]) => x !== undefined),
  );
  if (Object.keys(iqp).length) out.iqp = iqp;
  return out;
}
