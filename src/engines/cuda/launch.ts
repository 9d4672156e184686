/**
 * Launch geometry and the two launch patterns of the cuda engine, for one batch of states [rows][dim]:
 *  - `each`: an elementwise kernel, grid [⌈items/block⌉ (≤ 65535, the kernels stride beyond), rows];
 *  - `reduce`: a kernel that leaves per-thread partial sums of W terms, then reduce_sum levels (chunks of ≤ 512) until
 *    one sum per row and term remains, written at out[row·stride + offset + k]. Deterministic: no atomics.
 * Kernel names get the precision's suffix (_f32 for complex64 states, _f64 for complex128) unless `plain`.
 */
import { arg, KernelArg } from './args';
import { CudaPrecision, CudaSession } from './device';
import { DeviceBuffer } from './driver';
import { CudaError } from './cudaError';

const BLOCK = 256;
const MAX_GRID_X = 65535;
/** Rows are grid.y, which the driver bounds by 65535. */
export const MAX_ROWS = 65535;

export interface Out {
  buffer: DeviceBuffer;
  /** In doubles. */
  offset: number;
  /** Doubles between rows. */
  stride: number;
}

export class Launcher {
  readonly suffix: string;
  /** Bytes per real number of the state (4 or 8). */
  readonly realBytes: number;

  constructor(
    readonly session: CudaSession,
    precision: CudaPrecision,
    readonly rows: number,
    readonly dim: number,
  ) {
    if (rows > MAX_ROWS) throw new CudaError(`cuda: a batch of ${rows} rows exceeds the engine's ${MAX_ROWS}`);
    this.suffix = precision === 'complex64' ? '_f32' : '_f64';
    this.realBytes = precision === 'complex64' ? 4 : 8;
  }

  /** Bytes of one batch of states (complex, interleaved). */
  get stateBytes(): number {
    return 2 * this.realBytes * this.rows * this.dim;
  }

  private name(kernel: string, plain: boolean): string {
    return plain ? kernel : kernel + this.suffix;
  }

  /** An elementwise kernel over `items` per row. */
  each(kernel: string, items: number, args: KernelArg[], plain = false): void {
    const block = Math.min(BLOCK, pow2AtLeast(Math.max(items, 32)));
    const gx = Math.min(MAX_GRID_X, Math.max(1, Math.ceil(items / block)));
    this.session.driver.launch(this.name(kernel, plain), [gx, this.rows], block, args);
  }

  /** Threads per row of a reducing kernel: ≥ 16 items each, at most max(256, 2^18/rows), a whole number of blocks. */
  reductionThreads(items: number): { block: number; threads: number } {
    const want = Math.min(Math.ceil(items / 16), Math.max(BLOCK, Math.floor(2 ** 18 / this.rows)));
    const block = Math.min(BLOCK, pow2AtLeast(Math.max(want, 32)));
    return { block, threads: Math.max(1, Math.ceil(want / block)) * block };
  }

  /** A reducing kernel over `items` per row with W partial terms (its last parameter is the partial buffer). */
  reduce(kernel: string, items: number, W: number, args: KernelArg[], out: Out, plain = false): void {
    const { block, threads } = this.reductionThreads(items);
    const partial = this.session.scratch.get('partial sums', 8 * this.rows * threads * W);
    this.session.driver.launch(this.name(kernel, plain), [threads / block, this.rows], block, [
      ...args,
      arg.buf(partial),
    ]);
    this.sumPartials(partial, threads, W, out);
  }

  /** reduce_sum levels from partials [rows][T][W] to out. */
  sumPartials(partial: DeviceBuffer, T: number, W: number, out: Out): void {
    // levels alternate between two scratch roles; each level's output is smaller than its input
    const roles = ['partial sums', 'partial sums B'];
    let from = partial;
    for (let level = 1; ; level++) {
      const C = T <= 512 ? T : 256,
        T2 = Math.ceil(T / C);
      const to: Out =
        T2 === 1
          ? out
          : { buffer: this.session.scratch.get(roles[level % 2], 8 * this.rows * T2 * W), offset: 0, stride: T2 * W };
      this.each(
        'reduce_sum',
        T2 * W,
        [arg.buf(from), arg.buf(to.buffer), arg.u32(T), arg.u32(W), arg.u32(C), arg.u64(to.stride), arg.u32(to.offset)],
        true,
      );
      if (T2 === 1) return;
      from = to.buffer;
      T = T2;
    }
  }
}

function pow2AtLeast(x: number): number {
  return 2 ** Math.ceil(Math.log2(x));
}
