/**
 * Writes the AssemblyScript source of the dense-block kernels (k = 2, 3 qubits), fully unrolled so every amplitude of
 * a group lives in a local: scripts/build-engine.js compiles it with simd/assembly/*.ts. Semantics are those of
 * ../kernels/block.ts, the JS reference they are tested against. Two lane layouts, chosen by the host per block:
 *  - 'A' (bit 0 not in the block): the f64x2 lanes hold two groups (bases x, x + 1); coefficients per (r, c),
 *    row-major: splat(Re), splat(Im);
 *  - 'B' (bit 0 in the block): the lanes hold members (2p, 2p + 1) of one group; per (pair row q, pair column p):
 *    Ar, Ai = the pair (U[2q][2p], U[2q+1][2p+1]) and Br, Bi = (U[2q][2p+1], U[2q+1][2p]), applied to the pair and
 *    to its lane swap.
 * The adjoint kernels take the coefficients of U† and add conj(λ_a)·ψ_b (λ after, ψ before) into accumulators: 'A'
 * per (a, b): (re, im) vectors over the two groups; 'B' per (pair p of λ, pair q of ψ): (re, im) of the lanes
 * (M[2p][2q], M[2p+1][2q+1]) then of (M[2p][2q+1], M[2p+1][2q]). kernelSet.ts writes and reads these layouts.
 */

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Byte offset of member j of a group, as an AssemblyScript expression over the masks m0 > m1 > m2. */
function memberOffset(j: number, k: number): string {
  const bits = range(k)
    .filter((t) => (j >> (k - 1 - t)) & 1)
    .map((t) => `m${t}`);
  return bits.length ? `(<usize>(${bits.join(' | ')}) << 3)` : '<usize>0';
}

function header(name: string, k: number, adjoint: boolean): string {
  const masks = range(3)
    .map((t) => `m${t}: i32`)
    .join(', ');
  const arrays = adjoint
    ? 'reP: usize, imP: usize, lreP: usize, limP: usize, cP: usize, eP: usize'
    : 'reP: usize, imP: usize, cP: usize';
  const offsets = range(1 << k)
    .map((j) => `  const o${j} = ${memberOffset(j, k)};`)
    .join('\n');
  const asc = k === 3 ? 'insertZero(insertZero(insertZero(g, m2), m1), m0)' : 'insertZero(insertZero(g, m1), m0)';
  return `export function ${name}(${masks}, nQubits: i32, ${arrays}): void {\n${offsets}\n  const groups = 1 << (nQubits - ${k});\n  const step = ${name.includes('B') ? 1 : 2};\n  for (let g = 0; g < groups; g += step) {\n    const b = <usize>${asc} << 3;`;
}

const add = (a: string, b: string) => `f64x2.add(${a}, ${b})`;
const sub = (a: string, b: string) => `f64x2.sub(${a}, ${b})`;
const mul = (a: string, b: string) => `f64x2.mul(${a}, ${b})`;
const ld = (p: string) => `v128.load(${p})`;

/** A balanced sum (short dependency chains: the kernels are bound by floating-point latency otherwise). */
function tree(terms: string[]): string {
  if (terms.length === 1) return terms[0];
  const h = terms.length >> 1;
  return add(tree(terms.slice(0, h)), tree(terms.slice(h)));
}

/**
 * Layout A: out_r = Σ_c C_rc·x_c for the d vectors x (locals `${x}r${c}`, `${x}i${c}`) into locals `${y}…`, each row
 * stored as soon as it is done (the inputs are in locals, so in place is safe). Storing early also keeps the optimiser
 * from hoisting every coefficient load to the loop's top, which would leave dozens of live vectors for V8 to spill.
 */
function matVecA(d: number, x: string, y: string, store: (j: number, re: string, im: string) => string): string[] {
  return range(d).flatMap((r) => {
    const at = (c: number) => `cP + ${32 * (r * d + c)}`;
    const coefs = range(d).map(
      (c) => `    const ${y}u${r}_${c} = ${ld(at(c))}, ${y}v${r}_${c} = ${ld(`${at(c)} + 16`)};`,
    );
    const re = tree(range(d).map((c) => sub(mul(`${y}u${r}_${c}`, `${x}r${c}`), mul(`${y}v${r}_${c}`, `${x}i${c}`))));
    const im = tree(range(d).map((c) => add(mul(`${y}u${r}_${c}`, `${x}i${c}`), mul(`${y}v${r}_${c}`, `${x}r${c}`))));
    return [...coefs, `    const ${y}r${r} = ${re}, ${y}i${r} = ${im};`, store(r, `${y}r${r}`, `${y}i${r}`)];
  });
}

/** Layout B: pair outputs from the P pair vectors x and their lane swaps (locals `${x}s…`), stored as in matVecA. */
function matVecB(P: number, x: string, y: string, store: (j: number, re: string, im: string) => string): string[] {
  const swaps = range(P).flatMap((p) => [
    `    const ${x}sr${p} = v128.shuffle<f64>(${x}r${p}, ${x}r${p}, 1, 0);`,
    `    const ${x}si${p} = v128.shuffle<f64>(${x}i${p}, ${x}i${p}, 1, 0);`,
  ]);
  const rows = range(P).flatMap((q) => {
    const at = (p: number) => `cP + ${64 * (q * P + p)}`; // Ar, Ai, Br, Bi
    const coefs = range(P).map(
      (p) =>
        `    const ${y}ar${q}_${p} = ${ld(at(p))}, ${y}ai${q}_${p} = ${ld(`${at(p)} + 16`)}, ${y}br${q}_${p} = ${ld(`${at(p)} + 32`)}, ${y}bi${q}_${p} = ${ld(`${at(p)} + 48`)};`,
    );
    const re = tree(
      range(P).map((p) =>
        sub(
          add(mul(`${y}ar${q}_${p}`, `${x}r${p}`), mul(`${y}br${q}_${p}`, `${x}sr${p}`)),
          add(mul(`${y}ai${q}_${p}`, `${x}i${p}`), mul(`${y}bi${q}_${p}`, `${x}si${p}`)),
        ),
      ),
    );
    const im = tree(
      range(P).map((p) =>
        add(
          add(mul(`${y}ar${q}_${p}`, `${x}i${p}`), mul(`${y}ai${q}_${p}`, `${x}r${p}`)),
          add(mul(`${y}br${q}_${p}`, `${x}si${p}`), mul(`${y}bi${q}_${p}`, `${x}sr${p}`)),
        ),
      ),
    );
    return [...coefs, `    const ${y}r${q} = ${re}, ${y}i${q} = ${im};`, store(q, `${y}r${q}`, `${y}i${q}`)];
  });
  return [...swaps, ...rows];
}

function loads(count: number, offset: (j: number) => string, arrays: [string, string], x: string): string[] {
  return range(count).map(
    (j) =>
      `    const ${x}r${j} = ${ld(`${arrays[0]} + b + ${offset(j)}`)}, ${x}i${j} = ${ld(`${arrays[1]} + b + ${offset(j)}`)};`,
  );
}

function storeTo(
  arrays: [string, string],
  offset: (j: number) => string,
): (j: number, re: string, im: string) => string {
  return (j, re, im) =>
    `    v128.store(${arrays[0]} + b + ${offset(j)}, ${re}); v128.store(${arrays[1]} + b + ${offset(j)}, ${im});`;
}

function kernel(k: number, layout: 'A' | 'B', adjoint: boolean): string {
  const d = 1 << k,
    P = d / 2,
    name = `${adjoint ? 'blockAdjoint' : 'block'}${k}${layout}`;
  const count = layout === 'A' ? d : P,
    off = layout === 'A' ? (j: number) => `o${j}` : (p: number) => `o${2 * p}`;
  const mv = (x: string, y: string, arrays: [string, string]) =>
    layout === 'A' ? matVecA(d, x, y, storeTo(arrays, off)) : matVecB(P, x, y, storeTo(arrays, off));
  const lines = [header(name, k, adjoint)];
  if (!adjoint) {
    lines.push(...loads(count, off, ['reP', 'imP'], 'x'), ...mv('x', 'y', ['reP', 'imP']));
  } else {
    // ψ ← U†ψ (kept in locals p…), then the environment with λ read one vector at a time, then λ ← U†λ
    lines.push(...loads(count, off, ['reP', 'imP'], 'x'), ...mv('x', 'p', ['reP', 'imP']));
    // conj(λ_a)·ψ_b: re = λr ψr + λi ψi, im = λr ψi − λi ψr
    const acc = (e: string, lr: string, li: string, pr: string, pi: string) => [
      `    v128.store(${e}, ${add(ld(e), add(mul(lr, pr), mul(li, pi)))});`,
      `    v128.store(${e} + 16, ${add(ld(`${e} + 16`), sub(mul(lr, pi), mul(li, pr)))});`,
    ];
    const lam = (j: number) => `    { const lr = ${ld(`lreP + b + ${off(j)}`)}, li = ${ld(`limP + b + ${off(j)}`)};`;
    if (layout === 'A')
      for (const a of range(d)) {
        lines.push(lam(a));
        for (const c of range(d)) lines.push(...acc(`eP + ${32 * (a * d + c)}`, 'lr', 'li', `pr${c}`, `pi${c}`));
        lines.push('    }');
      }
    else {
      lines.push(
        ...range(P).flatMap((q) => [
          `    const psr${q} = v128.shuffle<f64>(pr${q}, pr${q}, 1, 0), psi${q} = v128.shuffle<f64>(pi${q}, pi${q}, 1, 0);`,
        ]),
      );
      for (const p of range(P)) {
        lines.push(lam(p));
        for (const q of range(P)) {
          const e = `eP + ${64 * (p * P + q)}`;
          lines.push(...acc(e, 'lr', 'li', `pr${q}`, `pi${q}`), ...acc(`${e} + 32`, 'lr', 'li', `psr${q}`, `psi${q}`));
        }
        lines.push('    }');
      }
    }
    lines.push(...loads(count, off, ['lreP', 'limP'], 'l'), ...mv('l', 'y', ['lreP', 'limP']));
  }
  lines.push('  }\n}\n');
  return lines.join('\n');
}

/** The whole generated module: insertZero, the eight kernels, and two dispatchers by k and layout. */
export function blockKernelsSource(): string {
  const out = [
    '// Generated by src/engines/cpu/simd/blockSource.ts at build time; do not edit.',
    '@inline function insertZero(x: i32, m: i32): i32 {\n  return ((x & ~(m - 1)) << 1) | (x & (m - 1));\n}\n',
  ];
  for (const adjoint of [false, true])
    for (const k of [2, 3]) for (const l of ['A', 'B'] as const) out.push(kernel(k, l, adjoint));
  out.push(`export function block(k: i32, m0: i32, m1: i32, m2: i32, nQubits: i32, reP: usize, imP: usize, cP: usize): void {
  const low = k == 3 ? m2 : m1;
  if (k == 3) { if (low == 1) block3B(m0, m1, m2, nQubits, reP, imP, cP); else block3A(m0, m1, m2, nQubits, reP, imP, cP); }
  else if (low == 1) block2B(m0, m1, m2, nQubits, reP, imP, cP); else block2A(m0, m1, m2, nQubits, reP, imP, cP);
}

export function blockAdjoint(k: i32, m0: i32, m1: i32, m2: i32, nQubits: i32, reP: usize, imP: usize, lreP: usize, limP: usize, cP: usize, eP: usize): void {
  const low = k == 3 ? m2 : m1;
  if (k == 3) { if (low == 1) blockAdjoint3B(m0, m1, m2, nQubits, reP, imP, lreP, limP, cP, eP); else blockAdjoint3A(m0, m1, m2, nQubits, reP, imP, lreP, limP, cP, eP); }
  else if (low == 1) blockAdjoint2B(m0, m1, m2, nQubits, reP, imP, lreP, limP, cP, eP); else blockAdjoint2A(m0, m1, m2, nQubits, reP, imP, lreP, limP, cP, eP);
}
`);
  return out.join('\n');
}
