/**
 * Runs the PyTorch peer (../shared/peers/torch_qcbm.py) on one workload and size, on the CPU or, with a CUDA build of
 * torch, on a GPU (`--device cuda`); returns its JSON lines (or one error line), tagged with the workload.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../paths';

export interface PeerOptions {
  script: string;
  python: string;
  device: string;
}

/**
 * The peer script bench runs by default: shared/peers/torch_qcbm.py inside the checkout, else beside it (../shared,
 * the layout of a working tree next to the project's shared folder). Resolved from the project root, not from the
 * compiled command's folder, which moves with the build.
 */
export function defaultPeerScript(root: string = projectRoot()): string {
  const candidates = [path.join(root, 'shared'), path.join(root, '..', 'shared')].map((d) =>
    path.join(d, 'peers', 'torch_qcbm.py'),
  );
  return candidates.find((f) => fs.existsSync(f)) ?? candidates[1];
}

export function runPeer(o: PeerOptions, kind: 'step' | 'scan', n: number, batch: number): Record<string, unknown>[] {
  const args = [o.script, kind, '--qubits', String(n), '--batch', String(batch), '--device', o.device];
  const r = spawnSync(o.python, args, { encoding: 'utf8' });
  if (r.status !== 0)
    return [
      {
        peer: 'torch',
        bench: kind,
        qubits: n,
        error: (r.stderr || r.error?.message || 'failed').trim().split('\n').pop(),
      },
    ];
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => ({ ...JSON.parse(l), bench: kind }));
}
