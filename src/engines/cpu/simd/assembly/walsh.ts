// AssemblyScript, not TypeScript: the unnormalised Walsh–Hadamard transform of f64 rows in linear memory, in place;
// semantics of ../../../../losses/walshHost.ts (the JS reference it is tested against). The first rounds run on one
// cache-sized tile at a time (one pass over the row for all of them); each later round is one pass.

const TILE: i32 = 1 << 13; // f64 elements: 64 KiB, resident in L2 while its rounds run

// butterflies of half-width h (h ≥ 2) over [start, start + len)
@inline function rounds(rowP: usize, start: i32, len: i32, hFrom: i32, hTo: i32): void {
  for (let h = hFrom; h < hTo; h <<= 1) {
    const hb = <usize>h << 3;
    for (let i = start; i < start + len; i += 2 * h) {
      const end = rowP + (<usize>(i + h) << 3);
      for (let p = rowP + (<usize>i << 3); p < end; p += 16) {
        const x = v128.load(p), y = v128.load(p + hb);
        v128.store(p, f64x2.add(x, y));
        v128.store(p + hb, f64x2.sub(x, y));
      }
    }
  }
}

export function walsh(vP: usize, dim: i32, rows: i32): void {
  if (dim < 2) return;
  const SIGN = f64x2(1, -1), tile = dim < TILE ? dim : TILE;
  for (let r = 0; r < rows; r++) {
    const rowP = vP + ((<usize>r * <usize>dim) << 3);
    for (let t = 0; t < dim; t += tile) {
      // h = 1: the pair shares a vector: (a, b) → (a + b, a − b)
      const end = rowP + (<usize>(t + tile) << 3);
      for (let p = rowP + (<usize>t << 3); p < end; p += 16) {
        const v = v128.load(p);
        v128.store(p, f64x2.add(f64x2.mul(v, SIGN), f64x2.shuffle(v, v, 1, 0)));
      }
      rounds(rowP, t, tile, 2, tile);
    }
    rounds(rowP, 0, dim, tile, dim);
  }
}
