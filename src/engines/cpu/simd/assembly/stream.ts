// AssemblyScript, not TypeScript: STREAM-style bandwidth probes (copy, triad) in the CPU engine's wasm module, for the
// roofline that `npm run bench` measures before its workloads. Arrays of f64 in linear memory by byte offset; the
// length is a multiple of 4. Not used by the engine itself.

// dst[i] = src[i]
export function streamCopy(dstP: usize, srcP: usize, len: i32): void {
  const end = (<usize>len) << 3;
  for (let o: usize = 0; o < end; o += 32) {
    v128.store(dstP + o, v128.load(srcP + o));
    v128.store(dstP + o + 16, v128.load(srcP + o + 16));
  }
}

// a[i] = b[i] + s·c[i]
export function streamTriad(aP: usize, bP: usize, cP: usize, s: f64, len: i32): void {
  const S = f64x2.splat(s),
    end = (<usize>len) << 3;
  for (let o: usize = 0; o < end; o += 32) {
    v128.store(aP + o, f64x2.add(v128.load(bP + o), f64x2.mul(S, v128.load(cP + o))));
    v128.store(aP + o + 16, f64x2.add(v128.load(bP + o + 16), f64x2.mul(S, v128.load(cP + o + 16))));
  }
}
