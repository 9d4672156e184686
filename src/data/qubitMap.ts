/**
 * Checks of what the qubits of a dataset stand for (a data card's `qubitMap`), for cards read from disk — a dataset's
 * card.json or the card inside a saved model — which may lack the map or hold anything: every problem is one line
 * naming the file and the field, instead of a TypeError deep inside sampling or plotting.
 */
import { ConfigError } from '../errors';
import { jsonKind } from '../fsutil';
import type { QubitMap } from './dataset';
import { featureQubits, FeatureEncoding } from './discretise';

const isInt = (x: unknown, min: number): x is number => Number.isInteger(x) && (x as number) >= min;

/** One feature encoding: name, bits ≥ 1, the qubit it starts at, 2^bits + 1 finite non-decreasing edges. */
function checkFeature(f: unknown, i: number, firstQubit: number, where: string): FeatureEncoding {
  const at = `${where}.features.${i}`, e = f as Partial<FeatureEncoding> | null;
  if (e === null || typeof e !== 'object') throw new ConfigError(`${at}: expected a feature encoding object, got ${jsonKind(f)}`);
  if (typeof e.name !== 'string' || e.name === '') throw new ConfigError(`${at}.name: expected a feature name`);
  if (!isInt(e.bits, 1) || e.bits > 30) throw new ConfigError(`${at}.bits: expected an integer in 1..30, got ${JSON.stringify(e.bits)}`);
  if (e.firstQubit !== firstQubit) throw new ConfigError(`${at}.firstQubit: expected ${firstQubit} (features occupy consecutive qubits), got ${JSON.stringify(e.firstQubit)}`);
  const edges = e.edges;
  if (!Array.isArray(edges) || edges.length !== 2 ** e.bits + 1 || !edges.every((x, j) => Number.isFinite(x) && (j === 0 || x >= edges[j - 1])))
    throw new ConfigError(`${at}.edges: expected ${2 ** e.bits + 1} finite non-decreasing bin edges for ${e.bits} bits`);
  if (e.code !== 'binary' && e.code !== 'gray') throw new ConfigError(`${at}.code: expected "binary" or "gray", got ${JSON.stringify(e.code)}`);
  return e as FeatureEncoding;
}

/**
 * The qubit map of a card, checked against its n qubits: pixels rows·cols = n, features whose bits add up to n (in
 * consecutive qubits, with valid bin edges), or plain bits. `where` names the card ("data/x/card.json: qubitMap").
 */
export function checkQubitMap(qm: unknown, n: number, where: string): QubitMap {
  const m = qm as { kind?: unknown; rows?: unknown; cols?: unknown; features?: unknown } | null;
  if (m === null || typeof m !== 'object') throw new ConfigError(`${where}: missing or not an object (got ${jsonKind(qm)}); a card says what its qubits are: {"kind": "bits" | "pixels" | "features", …}`);
  switch (m.kind) {
    case 'bits':
      return qm as QubitMap;
    case 'pixels':
      if (!isInt(m.rows, 1) || !isInt(m.cols, 1) || m.rows * m.cols !== n) throw new ConfigError(`${where}: ${JSON.stringify(m.rows)}×${JSON.stringify(m.cols)} pixels for ${n} qubits`);
      return qm as QubitMap;
    case 'features': {
      if (!Array.isArray(m.features) || m.features.length === 0) throw new ConfigError(`${where}.features: expected a non-empty list of feature encodings`);
      let q = 0;
      const features = m.features.map((f, i) => {
        const e = checkFeature(f, i, q, where);
        q += e.bits;
        return e;
      });
      const names = features.map((f) => f.name), dup = names.find((x, i) => names.indexOf(x) !== i);
      if (dup !== undefined) throw new ConfigError(`${where}.features: "${dup}" appears twice`);
      if (featureQubits(features) !== n) throw new ConfigError(`${where}: the features take ${featureQubits(features)} qubits, the card has ${n}`);
      return qm as QubitMap;
    }
    default:
      throw new ConfigError(`${where}.kind: expected "bits", "pixels" or "features", got ${JSON.stringify(m.kind)}`);
  }
}
