/**
 * The memory one scan point needs (memory.ts), checked for every (n, depth) when a spec is resolved, so that a scan of
 * `--depths 1000000`, `--draws 1e12` or `--shots 1e15` is refused before its folder is claimed, naming the key that
 * sets the size. Terms follow computePoint: one batch of at most MAX_BATCH_AMPLITUDES amplitudes, θ and gradients of
 * all draws, the kept shot indices of a batch, the circuit's gates; IQP points: masks and per-draw gradients.
 */
import { checkRequest, MemoryRequest, requestBytes } from '../../memory';
import { Depth, resolveDepth } from './ansatz';
import { MAX_BATCH_AMPLITUDES } from './compute';
import type { ScanSpec } from './spec';

/** The memory request of the point (n, depth): the largest terms of computePoint / computeIqpPoint. */
function pointRequest(spec: ScanSpec, n: number, depth: Depth, iqpParams: number): MemoryRequest {
  const D = spec.draws,
    shots = Math.max(0, ...spec.shots.filter((s): s is number => s !== 'exact'));
  if (spec.ansatz === 'iqp') {
    const masks = spec.iqp?.masks ?? 1000;
    return { values: masks * (3 + Math.ceil(n / 32)) + D * iqpParams * 2 };
  }
  const layers = resolveDepth(depth, n) ?? 0,
    gates = (layers + 1) * 4 * n,
    params = layers === 0 && depth === 'haar' ? 0 : gates;
  const batch = Math.min(D, Math.max(1, Math.floor(MAX_BATCH_AMPLITUDES / 2 ** n)));
  return { qubits: n, batch, gates: gates * spec.circuits, values: D * params * 2 + 4 * D, samples: shots * batch };
}

/** The key whose value dominates a request, to name it as the user wrote it (the flag or spec key). */
function dominantKey(r: MemoryRequest): 'qubits' | 'depths' | 'draws' | 'shots' | 'masks' {
  const terms = requestBytes(r),
    top = [...terms].sort((a, b) => b.bytes - a.bytes)[0]?.what ?? '';
  return top.startsWith('state')
    ? 'qubits'
    : top.includes('gates')
      ? 'depths'
      : top.includes('samples')
        ? 'shots'
        : 'draws';
}

/**
 * Refuses a spec any of whose points cannot fit, before anything runs: "command line.depths 1000000 (at n = 2): needs
 * about …" (run.ts turns "command line.depths" into "--depths"). `iqpParams(n)` gives an IQP point's parameters.
 */
export function checkScanSizes(spec: ScanSpec, where: string, iqpParams: (n: number) => number = () => 0): void {
  for (const n of spec.qubits)
    for (const depth of spec.depths) {
      const r = pointRequest(spec, n, depth, spec.ansatz === 'iqp' ? iqpParams(n) : 0);
      // θ and gradients of all draws are draws × parameters: blame the depth when it, not the draw count, is large
      const params = spec.ansatz === 'iqp' ? 0 : ((resolveDepth(depth, n) ?? 0) + 1) * 4 * n;
      const dominant = dominantKey(r);
      const key =
        spec.ansatz === 'iqp' && dominant === 'draws' && (spec.iqp?.masks ?? 0) > spec.draws
          ? 'masks'
          : dominant === 'draws' && params > spec.draws
            ? 'depths'
            : dominant;
      const value = {
        qubits: n,
        depths: depth,
        draws: spec.draws,
        shots: spec.shots.join(','),
        masks: spec.iqp?.masks,
      }[key];
      const context =
        key === 'depths' && dominant === 'draws' ? `with ${spec.draws} draws, at n = ${n}` : `at n = ${n}`;
      checkRequest(`${where}.${key} ${value}${key === 'qubits' ? '' : ` (${context})`}`, r);
    }
}
