/**
 * `plateau bench` sizes checked against memory (memory.ts) before the backend starts or anything is timed: each
 * workload's qubit list, batch and sample counts become a request, and a size that cannot fit is refused naming its
 * flag (`--step-qubits 40: needs about 16.0 TiB …`) instead of dying in a RangeError half-way through the output.
 */
import { checkMemory, checkRequest, MemoryRequest } from '../memory';
import { iqpGenerators } from '../models/iqp/generators';
import { mmdDrawBytes, mmdByteBudget } from '../models/iqp/mmd';
import { iqpBenchCases } from './iqpWorkload';

/** The bench flags that set sizes (scripts/bench.ts). */
export interface BenchSizes {
  only: readonly string[];
  checkQubits: number[];
  stepQubits?: number[];
  scanQubits?: number[];
  scanBatch?: number;
  gateQubits?: number[];
  memQubits: number;
  trainQubits: number;
  mmdQubits: number[];
  iqpQubits: number[];
  iqpSamples: number[];
  scanvarQubits: number[];
}

/** Refuses the first workload size that cannot fit; explicit lists only (the defaults are sized for the backend). */
export function checkBenchMemory(o: BenchSizes): void {
  const lists: [string, string, number[] | undefined, (n: number) => MemoryRequest][] = [
    ['step', 'step-qubits', o.stepQubits, (n) => ({ qubits: n })],
    ['scan', 'scan-qubits', o.scanQubits, (n) => ({ qubits: n, batch: o.scanBatch ?? 256 })],
    ['gate', 'gate-qubits', o.gateQubits, (n) => ({ qubits: n, copies: 2 })],
    ['mem', 'mem-qubits', [o.memQubits], (n) => ({ qubits: n })],
    ['train', 'train-qubits', [o.trainQubits], (n) => ({ qubits: n })],
    ['losses', 'mmd-qubits', o.mmdQubits, (n) => ({ qubits: n, copies: 6 })],
    ['check', 'check-qubits', o.checkQubits, (n) => ({ qubits: n, copies: 6 })],
    ['scanvar', 'scanvar-qubits', o.scanvarQubits, (n) => ({ qubits: n, batch: 256 })],
  ];
  for (const [workload, flag, sizes, request] of lists)
    if (o.only.includes(workload)) for (const n of sizes ?? []) checkRequest(`--${flag} ${n}`, request(n));
  if (o.scanBatch !== undefined && o.only.includes('scan'))
    for (const n of o.scanQubits ?? [8, 10, 12])
      checkRequest(`--scan-batch ${o.scanBatch} (at --scan-qubits ${n})`, { qubits: n, batch: o.scanBatch });
  if (o.only.includes('iqp'))
    for (const c of iqpBenchCases(o.iqpQubits)) {
      const counts = { a: o.iqpSamples[0], z: o.iqpSamples[1] };
      checkMemory(
        `--iqp-samples ${counts.a},${counts.z} (at --iqp-qubits ${c.n})`,
        [
          {
            what: 'the Monte-Carlo tables',
            bytes: mmdDrawBytes(iqpGenerators(c.generators, c.n), counts, 1, 'tensor'),
          },
        ],
        mmdByteBudget(),
      );
    }
}
