/**
 * The one list of ansätze. Every name that training configs, scans and hidden-unit models accept is an entry here,
 * with its builder and the properties its callers ask about (layers? random gate choices? Haar states? IQP?). Each
 * caller resolves a name through `ansatzFor(name, use)`, which refuses in one line a name that does not apply there
 * ("haar" states in a config, "liu-wang" in a scan). The callers keep only what is theirs: a config's options schema
 * (ansatzSpec.ts), a scan's θ draws and instance seeds (studies/scan/ansatz.ts), a hidden-unit model's couplings.
 */
import { Circuit } from '../circuit/circuit';
import { allPauliAnsatz } from '../circuit/ansatz/allPauli';
import { freeFermionAnsatz } from '../circuit/ansatz/freeFermion';
import { Entangler, hardwareEfficientAnsatz, Rotation } from '../circuit/ansatz/hardwareEfficient';
import { hepAnsatz } from '../circuit/ansatz/hep';
import { liuWangAnsatz } from '../circuit/ansatz/liuWang';
import { mcCleanAnsatz } from '../circuit/ansatz/mcclean';
import { productAnsatz } from '../circuit/ansatz/product';
import { Topology } from '../circuit/ansatz/topology';
import { ConfigError } from '../errors';
import { createRng, Rng } from '../rng';
import { iqpCircuit } from './iqp/circuit';
import { Generators } from './iqp/generators';

/** Where a name is used: a training config's "model", a scan's "ansatz", a hidden-unit model of the [O] studies. */
export type AnsatzUse = 'config' | 'scan' | 'hidden';
const USE_WORDS: Record<AnsatzUse, string> = { config: 'training configs', scan: 'scans', hidden: 'hidden-unit models' };

/** What a builder reads; each entry takes the fields it names (`needs`) and ignores the rest. */
export interface AnsatzBuild {
  /** Resolved layer count (0 for entries without layers). */
  layers: number;
  topology?: Topology;
  rotations?: Rotation[];
  entangler?: Entangler;
  /** liu-wang: the tree's edges. */
  edges?: [number, number][];
  /** all-pauli: the qubit pairs of its two-qubit terms (default all pairs). */
  pairs?: [number, number][];
  /** The stream of random gate choices (entries with `randomGates`). */
  gates?: Rng;
  /** iqp: the generators. */
  generators?: Generators;
}

export interface AnsatzEntry {
  readonly name: string;
  /** One line for help texts. */
  readonly summary: string;
  /** 'none': no layers (product ansätze, Haar states, IQP); 'optional': defaults to 1. */
  readonly layers: 'required' | 'optional' | 'none';
  /** The gate choice is random too (drawn from `AnsatzBuild.gates`): every seed or scan instance is another circuit. */
  readonly randomGates: boolean;
  /** A parametrised circuit; Haar-random states (no circuit, no parameters: "infinite depth"); or an IQP model. */
  readonly form: 'circuit' | 'haar-states' | 'iqp';
  /** How a scan draws θ: uniform on [0, 2π) per angle ([R]), or Haar-random single-qubit Euler angles. */
  readonly theta: 'uniform' | 'haar-euler';
  readonly uses: readonly AnsatzUse[];
  /** A name that is another entry with a preset (hea-line = hea on a line); configs store the canonical form. */
  readonly aliasOf?: { name: string; topology: Topology };
  /** Absent for Haar states. Throws a one-line ConfigError on a missing input it needs. */
  build?(nQubits: number, b: AnsatzBuild): Circuit;
}

const need = <T>(v: T | undefined, name: string, what: string): T => {
  if (v === undefined) throw new ConfigError(`${name} ansatz: needs ${what}`);
  return v;
};
const hea = (topology?: Topology) => (n: number, b: AnsatzBuild) =>
  hardwareEfficientAnsatz({ nQubits: n, layers: b.layers, topology: b.topology ?? topology, rotations: b.rotations, entangler: b.entangler });
/** An entry with the common defaults (uniform θ, fixed gates, a circuit); its name and uses keep their literal types. */
const DEFAULTS = { randomGates: false, form: 'circuit', theta: 'uniform' } as const;
const entry = <const E extends Omit<AnsatzEntry, keyof typeof DEFAULTS> & Partial<AnsatzEntry>>(e: E): E & Omit<typeof DEFAULTS, keyof E> => ({ ...DEFAULTS, ...e });

/** In this order in every list of names (and so in messages and help). */
const ENTRIES = [
  entry({ name: 'product', summary: 'one RY per qubit ([R]’s product ansatz)', layers: 'none', uses: ['config', 'scan'], build: (n) => productAnsatz(n) }),
  entry({
    name: 'product-haar', summary: 'an Euler rotation per qubit, angles drawn Haar-random (scans)', layers: 'none', theta: 'haar-euler', uses: ['scan'],
    build: (n) => ({ ...hardwareEfficientAnsatz({ nQubits: n, layers: 0, rotations: ['euler'] }), name: `product-haar-n${n}` }),
  }),
  entry({ name: 'hep', summary: '[R]’s HEP ansatz (their Eq. 53)', layers: 'required', uses: ['config', 'scan', 'hidden'], build: (n, b) => hepAnsatz(n, b.layers) }),
  entry({ name: 'hea', summary: 'hardware-efficient: rotation layers and entanglers on a topology', layers: 'required', uses: ['config', 'hidden'], build: hea() }),
  entry({ name: 'hea-line', summary: 'hea on a line', layers: 'required', uses: ['config', 'scan'], aliasOf: { name: 'hea', topology: 'line' }, build: hea('line') }),
  entry({ name: 'hea-ring', summary: 'hea on a ring', layers: 'required', uses: ['config', 'scan'], aliasOf: { name: 'hea', topology: 'ring' }, build: hea('ring') }),
  entry({
    name: 'mcclean', summary: 'McClean et al.’s random-gate circuit', layers: 'required', randomGates: true, uses: ['config', 'scan'],
    build: (n, b) => mcCleanAnsatz(n, b.layers, need(b.gates, 'mcclean', 'a gate stream')),
  }),
  entry({
    name: 'liu-wang', summary: 'Liu & Wang’s circuit on a tree (Chow–Liu from the data, a line, or given edges)', layers: 'required', uses: ['config'],
    build: (n, b) => liuWangAnsatz(n, b.layers, need(b.edges, 'liu-wang', 'tree edges')),
  }),
  entry({
    name: 'all-pauli', summary: '[O]’s all-Pauli model (random term order)', layers: 'optional', randomGates: true, uses: ['config', 'hidden'],
    build: (n, b) => allPauliAnsatz({ nQubits: n, layers: b.layers, pairs: b.pairs }, need(b.gates, 'all-pauli', 'a gate stream')),
  }),
  entry({ name: 'fermion-line', summary: 'free-fermion line circuit (DLA so(2n))', layers: 'required', uses: ['scan'], build: (n, b) => freeFermionAnsatz(n, b.layers) }),
  entry({ name: 'haar', summary: 'Haar-random states ("infinite depth"; no parameters)', layers: 'none', form: 'haar-states', uses: ['scan'] }),
  entry({
    name: 'iqp', summary: 'IQP model (Monte-Carlo MMD; exact state vector up to 20 qubits)', layers: 'none', form: 'iqp', uses: ['config', 'scan'],
    build: (_n, b) => iqpCircuit(need(b.generators, 'iqp', 'generators')),
  }),
] as const;
/** The entries as their callers see them. */
const REGISTRY: readonly AnsatzEntry[] = ENTRIES;

type Entries = (typeof ENTRIES)[number];
type NameOf<E, U> = E extends { readonly name: infer N; readonly uses: readonly (infer V)[] } ? (U extends V ? N : never) : never;
export type AnsatzName = Entries['name'];
/** The names that apply to one use. */
export type AnsatzNameFor<U extends AnsatzUse> = NameOf<Entries, U>;

/** Every name that applies to `use`, in registry order. */
export function ansatzNames<U extends AnsatzUse>(use: U): AnsatzNameFor<U>[] {
  return REGISTRY.filter((e) => e.uses.includes(use)).map((e) => e.name as AnsatzNameFor<U>);
}

/** The entry of a registry name whatever its uses, or undefined. */
export function findAnsatz(name: unknown): AnsatzEntry | undefined {
  return REGISTRY.find((e) => e.name === name);
}

/**
 * The entry of `name` for `use`; one ConfigError line, prefixed by `where`, for an unknown name or one that does not
 * apply here (saying where it does).
 */
export function ansatzFor(name: unknown, use: AnsatzUse, where = 'ansatz'): AnsatzEntry {
  const e = findAnsatz(name);
  if (!e) throw new ConfigError(`${where}: unknown ansatz ${JSON.stringify(name)} (known: ${ansatzNames(use).join(', ')})`);
  if (!e.uses.includes(use))
    throw new ConfigError(`${where}: ansatz "${e.name}" (${e.summary}) is for ${e.uses.map((u) => USE_WORDS[u]).join(' and ')}, not ${USE_WORDS[use]} (${USE_WORDS[use]} take: ${ansatzNames(use).join(', ')})`);
  return e;
}

/** The names of `use` with a property, for messages ("only ansatz "mcclean" has random circuit instances"). */
export function ansatzNamesWhere(use: AnsatzUse, has: (e: AnsatzEntry) => boolean): string[] {
  return REGISTRY.filter((e) => e.uses.includes(use) && has(e)).map((e) => e.name);
}

/** The gate stream of a seeded random-gate ansatz in configs and hidden-unit models: "<name>/<seed>" (scans derive theirs per instance). */
export function gateStream(e: AnsatzEntry, seed: number | string): Rng | undefined {
  return e.randomGates ? createRng(`${e.name}/${seed}`) : undefined;
}

/** The circuit of a circuit-form entry; refuses Haar states in one line. */
export function buildCircuit(e: AnsatzEntry, nQubits: number, b: AnsatzBuild): Circuit {
  if (!e.build) throw new ConfigError(`ansatz "${e.name}": ${e.summary}, so there is no circuit to build`);
  return e.build(nQubits, b);
}
