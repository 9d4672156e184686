/** Circuits to and from JSON files: the schema rejects unknown keys and malformed gates with the path of the fault. */
import { z } from 'zod';
import { zodConfigError } from '../errors';
import { readJsonFile, writeJsonAtomic } from '../fsutil';
import { Circuit, GATE_ARITY, GateKind, validateCircuit } from './circuit';

const angle = z.union([
  z.number(),
  z.object({ p: z.number().int().nonnegative(), scale: z.number().optional() }).strict(),
]);
const gate = z
  .object({
    kind: z.enum(Object.keys(GATE_ARITY) as [GateKind, ...GateKind[]]),
    qubits: z.array(z.number().int().nonnegative()),
    params: z.array(angle).optional(),
    controls: z.array(z.number().int().nonnegative()).optional(),
    pauli: z.string().optional(),
    matrix: z.array(z.array(z.tuple([z.number(), z.number()]))).optional(),
  })
  .strict();
export const circuitSchema = z
  .object({
    nQubits: z.number().int().positive(),
    nParams: z.number().int().nonnegative(),
    gates: z.array(gate),
    name: z.string().optional(),
  })
  .strict();

/** Validates an unknown value as a Circuit (schema, then qubit/parameter ranges). */
export function parseCircuit(raw: unknown, where = 'circuit'): Circuit {
  const r = circuitSchema.safeParse(raw);
  if (!r.success) throw zodConfigError(r.error, where, raw);
  validateCircuit(r.data);
  return r.data;
}

/** Writes a circuit as JSON, atomically. */
export function saveCircuit(file: string, c: Circuit): void {
  validateCircuit(c);
  writeJsonAtomic(file, c);
}

export function loadCircuit(file: string): Circuit {
  return parseCircuit(readJsonFile(file), file);
}
