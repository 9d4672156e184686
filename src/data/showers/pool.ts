/**
 * Pooling of a [ny][nx] face image onto a coarser rows × cols grid by exact area overlap: pixel j along an axis of
 * N cells covers [j·N/m, (j+1)·N/m) in cell units, and a cell's deposit is shared in proportion to its overlap (a
 * deposit is taken as uniform inside its cell). So 25 cells pool onto 2, 3 or 4 pixels without dropping a border
 * row, and the pooled image conserves the total. Pixels are row-major, row 0 at the top: qubit q ↔ (⌊q/cols⌋, q mod cols).
 * `sumOverDepth` projects 3-D events onto the face (the sum over layers that the generator draws per column).
 */
import { ConfigError } from '../../errors';

/** Overlap weights [m][N]: W[j][c] = |[c, c+1) ∩ [jN/m, (j+1)N/m)|. Each column sums to 1. */
export function poolWeights(nCells: number, nBins: number): Float64Array {
  if (!Number.isInteger(nBins) || nBins < 1 || nBins > nCells) throw new ConfigError(`pool: ${nBins} pixels along an axis of ${nCells} cells (need 1..${nCells})`);
  const w = new Float64Array(nBins * nCells), step = nCells / nBins;
  for (let j = 0; j < nBins; j++) {
    const lo = j * step, hi = (j + 1) * step;
    for (let c = Math.floor(lo); c < Math.min(nCells, Math.ceil(hi)); c++) w[j * nCells + c] = Math.max(0, Math.min(hi, c + 1) - Math.max(lo, c));
  }
  return w;
}

/** Parses "RxC" (e.g. "3x4": 3 rows, 4 columns). */
export function parseGrid(s: string): { rows: number; cols: number } {
  const m = /^(\d+)\s*[x×]\s*(\d+)$/.exec(s.trim());
  if (!m) throw new ConfigError(`grid must look like 3x4 (rows x columns), got "${s}"`);
  const rows = Number(m[1]), cols = Number(m[2]);
  if (rows < 1 || cols < 1) throw new ConfigError(`grid ${s} must have at least one row and one column`);
  return { rows, cols };
}

/** Pools N images [N][ny][nx] (row-major) to [N][rows·cols]. */
export function poolImages(images: ArrayLike<number>, ny: number, nx: number, rows: number, cols: number): Float64Array {
  const N = images.length / (nx * ny);
  if (!Number.isInteger(N)) throw new ConfigError(`pool: ${images.length} values are not a whole number of ${ny}×${nx} images`);
  const wy = poolWeights(ny, rows), wx = poolWeights(nx, cols);
  const out = new Float64Array(N * rows * cols), tmp = new Float64Array(ny * cols);
  for (let e = 0; e < N; e++) {
    const off = e * nx * ny;
    // Columns first (x), then rows (y): two small matrix products per image.
    tmp.fill(0);
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const v = images[off + y * nx + x];
        if (v === 0) continue;
        for (let c = 0; c < cols; c++) tmp[y * cols + c] += wx[c * nx + x] * v;
      }
    for (let r = 0; r < rows; r++)
      for (let y = 0; y < ny; y++) {
        const w = wy[r * ny + y];
        if (w === 0) continue;
        for (let c = 0; c < cols; c++) out[e * rows * cols + r * cols + c] += w * tmp[y * cols + c];
      }
  }
  return out;
}

/**
 * Sums N events over depth onto the face: [N][nz][ny][nx] (depth first, the generator's cell layout) or
 * [N][ny][nx][nz] (depth last, as the 3DGAN/CLIC files store ECAL) → [N][ny][nx].
 */
export function sumOverDepth(cells: ArrayLike<number>, ny: number, nx: number, nz: number, depthLast: boolean): Float64Array {
  const face = ny * nx, N = cells.length / (face * nz);
  if (!Number.isInteger(N)) throw new ConfigError(`depth sum: ${cells.length} values are not a whole number of ${ny}×${nx}×${nz} events`);
  const out = new Float64Array(N * face);
  for (let e = 0; e < N; e++) {
    const off = e * face * nz, o = e * face;
    if (depthLast) for (let c = 0; c < face; c++) { let s = 0; for (let k = 0; k < nz; k++) s += cells[off + c * nz + k]; out[o + c] = s; }
    else for (let k = 0; k < nz; k++) for (let c = 0; c < face; c++) out[o + c] += cells[off + k * face + c];
  }
  return out;
}
