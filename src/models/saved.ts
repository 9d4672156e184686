/**
 * Trained models on disk (`models/<name>/model.json`): the circuit, the trained parameters, which qubits are visible,
 * the data card the model was trained on (so samples map back to physical units through its feature map), the loss
 * and final metrics, and the backend that trained it. Written atomically; a file of another format is refused.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { Circuit } from '../circuit/circuit';
import { parseCircuit } from '../circuit/io';
import { DataCard } from '../data/dataset';
import { checkQubitMap } from '../data/qubitMap';
import { ConfigError, zodConfigError } from '../errors';
import { readJsonFile, writeJsonAtomic } from '../fsutil';
import { projectRoot } from '../paths';

export const MODEL_FORMAT = 'plateau-model/1';
export const MODEL_FILE = 'model.json';

export interface SavedModel {
  format: typeof MODEL_FORMAT;
  name: string;
  circuit: Circuit;
  theta: number[];
  /** Qubits whose marginal is the model; null = all. */
  visibleQubits: number[] | null;
  dataCard: DataCard;
  loss: unknown;
  metrics: Record<string, unknown>;
  trainedWith: Record<string, unknown>;
  createdAt: string;
}

const schema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    name: z.string(),
    circuit: z.unknown(),
    theta: z.array(z.number()),
    visibleQubits: z.array(z.number().int().nonnegative()).nullable(),
    dataCard: z.object({ nQubits: z.number().int().positive(), qubitMap: z.unknown() }).passthrough(),
    loss: z.unknown(),
    metrics: z.record(z.string(), z.unknown()),
    trainedWith: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .strict();

export function saveModel(dir: string, m: Omit<SavedModel, 'format' | 'createdAt'>): string {
  const file = path.join(dir, MODEL_FILE);
  writeJsonAtomic(file, { format: MODEL_FORMAT, ...m, createdAt: new Date().toISOString() });
  return file;
}

/** Where `--save-model NAME` puts a model: models/NAME/ under the project root (PLATEAU_HOME when set). */
export function savedModelDir(name: string): string {
  return path.join(projectRoot(), 'models', name);
}

/** The names of the saved models under models/ (folders holding a model.json). */
export function savedModelNames(): string[] {
  const dir = path.join(projectRoot(), 'models');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, MODEL_FILE))).sort();
}

/**
 * What `--model` names: a folder or model.json by path, or the NAME that `--save-model NAME` saved (models/NAME/ of
 * the project), so `plateau sample --model NAME` finds what `plateau train --save-model NAME` wrote from any folder.
 */
export function resolveModelPath(arg: string, flag = '--model'): string {
  if (fs.existsSync(arg)) return arg;
  const named = savedModelDir(arg);
  if (/^[\w.+-]+$/.test(arg) && fs.existsSync(named)) return named;
  const known = savedModelNames();
  throw new ConfigError(`${flag} ${arg}: no such model folder or file, and no saved model of that name in ${path.join(projectRoot(), 'models')} (${known.length ? `saved: ${known.join(', ')}` : 'none saved yet: plateau train … --save-model NAME'})`);
}

/** Loads `dir/model.json` (or a model file) and checks it. */
export function loadModel(dirOrFile: string): SavedModel {
  const file = fs.existsSync(dirOrFile) && fs.statSync(dirOrFile).isDirectory() ? path.join(dirOrFile, MODEL_FILE) : dirOrFile;
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no such model file`);
  const raw = readJsonFile(file), r = schema.safeParse(raw);
  if (!r.success) throw zodConfigError(r.error, `${file}: not a plateau model`, raw);
  const circuit = parseCircuit(r.data.circuit, `${file}: circuit`);
  if (r.data.theta.length !== circuit.nParams) throw new ConfigError(`${file}: ${r.data.theta.length} parameters for a circuit with ${circuit.nParams}`);
  if (!r.data.theta.every(Number.isFinite)) throw new ConfigError(`${file}: theta: parameter ${r.data.theta.findIndex((x) => !Number.isFinite(x))} is not finite`);
  const vis = r.data.visibleQubits;
  if (vis && (new Set(vis).size !== vis.length || vis.some((q) => q >= circuit.nQubits)))
    throw new ConfigError(`${file}: visibleQubits ${JSON.stringify(vis)} must be distinct qubits of the ${circuit.nQubits}-qubit circuit`);
  const nv = vis?.length ?? circuit.nQubits;
  if (nv !== r.data.dataCard.nQubits) throw new ConfigError(`${file}: the model has ${nv} visible qubits, its data card ${r.data.dataCard.nQubits}`);
  checkQubitMap(r.data.dataCard.qubitMap, nv, `${file}: dataCard.qubitMap`);
  return { ...(r.data as unknown as SavedModel), circuit };
}
