/**
 * One gate on a batch of states, for users composing circuits step by step: angles are per batch row (a [batch]
 * tensor, differentiable) or shared (a number). Runs on the chosen engine without caching a program, so repeated
 * calls leave no tensors behind.
 */
import * as tf from '@tensorflow/tfjs';
import { Angle, Circuit, Gate } from '../circuit/circuit';
import { compilePlan } from '../circuit/plan';
import { StateBatch } from '../complex/complex';
import { ShapeError } from '../errors';
import { cpuAmplitudes } from './cpu/op';
import { prepareProgram } from './cpu/prepare';
import { EngineChoice, selectEngine } from './engine';
import { prepareTensorProgram } from './tensor/program';
import { simulatePacked } from './tensor/simulate';

export function applyGate(
  state: StateBatch,
  gate: Omit<Gate, 'params'>,
  angles: (tf.Tensor1D | number)[] = [],
  opts: { engine?: EngineChoice } = {},
): StateBatch {
  const [B, dim] = state.re.shape;
  const nQubits = Math.log2(dim);
  if (!Number.isInteger(nQubits)) throw new ShapeError(`applyGate: state has ${dim} amplitudes, not a power of two`);
  const perRow = angles.filter((a): a is tf.Tensor1D => typeof a !== 'number');
  for (const a of perRow)
    if (a.rank !== 1 || a.shape[0] !== B)
      throw new ShapeError(`applyGate: angle tensor of shape [${a.shape}] for a batch of ${B}`);
  let k = 0;
  const params: Angle[] = angles.map((a) => (typeof a === 'number' ? a : { p: k++ }));
  const circuit: Circuit = {
    nQubits,
    nParams: perRow.length,
    gates: [{ ...gate, params: params.length ? params : undefined } as Gate],
  };
  const plan = compilePlan(circuit);
  return tf.tidy(() => {
    const theta = (perRow.length ? tf.stack(perRow, 1) : tf.zeros([B, 0])) as tf.Tensor2D;
    if (selectEngine(opts.engine) === 'cpu') {
      const [re, im] = tf.unstack(cpuAmplitudes(prepareProgram(plan), theta, state));
      return { re: re as tf.Tensor2D, im: im as tf.Tensor2D };
    }
    const prog = prepareTensorProgram(plan);
    try {
      const [re, im] = tf.unstack(simulatePacked(prog, theta, state));
      return { re: re as tf.Tensor2D, im: im as tf.Tensor2D };
    } finally {
      tf.dispose(prog.tensors);
    }
  });
}
