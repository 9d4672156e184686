/** Circuit validation, inversion and JSON files: bad input is a clear error naming the problem. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { Circuit, inverseCircuit, validateCircuit } from '../../src/circuit/circuit';
import { loadCircuit, parseCircuit, saveCircuit } from '../../src/circuit/io';
import { getEngine } from '../../src/engines/engine';
import { createRng } from '../../src/rng';
import { denseState } from '../reference/dense';
import { randomCircuit } from '../helpers/randomCircuit';

const base = (gates: Circuit['gates'], nParams = 1): Circuit => ({ nQubits: 3, nParams, gates, name: 'c' });

test('unknown gate, qubit out of range, repeated qubit, wrong parameter count: errors that name the problem', () => {
  expect(() => validateCircuit(base([{ kind: 'foo' as never, qubits: [0] }]))).toThrow(
    'circuit "c", gate 0 (foo): unknown gate kind "foo"',
  );
  expect(() => validateCircuit(base([{ kind: 'h', qubits: [3] }]))).toThrow(
    'gate 0 (h): qubit 3 out of range for a 3-qubit register',
  );
  expect(() => validateCircuit(base([{ kind: 'cx', qubits: [1, 1] }]))).toThrow('qubits must be distinct');
  expect(() => validateCircuit(base([{ kind: 'rx', qubits: [0] }]))).toThrow('expects 1 angle(s), got 0');
  expect(() => validateCircuit(base([{ kind: 'rx', qubits: [0], params: [{ p: 4 }] }]))).toThrow(
    'parameter index 4 out of range (circuit has 1 parameters)',
  );
  expect(() => validateCircuit(base([{ kind: 'pauli', qubits: [0, 1], pauli: 'XQ', params: [1] }]))).toThrow(
    'string of I/X/Y/Z',
  );
  expect(() => validateCircuit(base([{ kind: 'cx', qubits: [0, 1], controls: [2] }]))).toThrow(
    'controls are allowed on one-qubit gates only',
  );
  expect(() => validateCircuit({ nQubits: 0, nParams: 0, gates: [] })).toThrow('nQubits must be an integer in 1..30');
});

test('theta of the wrong width or an initial state of the wrong size is refused', () => {
  const c = base([{ kind: 'rx', qubits: [0], params: [{ p: 0 }] }]);
  for (const name of ['cpu', 'tensor'] as const) {
    expect(() => getEngine(name).probs(c, tf.zeros([2, 3]) as tf.Tensor2D)).toThrow(
      'simulate: theta has shape [2,3], circuit "c" expects [batch, 1]',
    );
    const init = { re: tf.zeros([1, 4]) as tf.Tensor2D, im: tf.zeros([1, 4]) as tf.Tensor2D };
    expect(() => getEngine(name).simulate(c, tf.zeros([2, 1]) as tf.Tensor2D, init)).toThrow(
      'initial state has shape [1,4], expected [1 or 2, 8]',
    );
  }
});

test('inverse circuit undoes the circuit (dense reference)', () => {
  const rng = createRng('inv');
  for (let k = 0; k < 5; k++) {
    const c = randomCircuit(rng, 3, 30, 4);
    const theta = [0.3, -1.2, 2.2, 0.7];
    const both: Circuit = { ...c, gates: [...c.gates, ...inverseCircuit(c).gates] };
    const psi = denseState(both, theta);
    expect(psi[0][0] ** 2 + psi[0][1] ** 2).toBeCloseTo(1, 10);
  }
});

test('save → load round-trips; malformed files are refused with the path of the fault', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-'));
  const c = randomCircuit(createRng('io'), 4, 20, 3);
  const file = path.join(dir, 'c.json');
  saveCircuit(file, c);
  expect(loadCircuit(file)).toEqual(c);
  expect(fs.readdirSync(dir)).toEqual(['c.json']); // no temp files left
  fs.writeFileSync(file, '{"nQubits": 2, "nParams": 0, "gates": [');
  expect(() => loadCircuit(file)).toThrow(/c\.json: not valid JSON/);
  expect(() => loadCircuit(path.join(dir, 'missing.json'))).toThrow(/missing\.json: no such file/);
  expect(() => parseCircuit({ nQubits: 2, nParams: 0, gates: [{ kind: 'h', qubits: [0], colour: 'red' }] })).toThrow(
    /^circuit: gates\.0\.colour: unknown key$/,
  );
  expect(() => parseCircuit({ nQubits: 2, nParams: 0, gates: [{ kind: 'h', qubits: [5] }] })).toThrow(
    /qubit 5 out of range/,
  );
});
