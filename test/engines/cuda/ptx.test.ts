/**
 * The committed PTX is what the kernel sources compile to: its recorded source hash matches the sources (no compiler
 * needed), a fresh clang build is byte-identical (skipped, saying why, without clang or with another clang major
 * version), it targets sm_80 and exports exactly the kernels the host build registers.
 */
import {
  compilePtx,
  findClang,
  findCxx,
  ptxModuleText,
  sourcesHash,
  PTX_MODULE,
} from '../../../src/engines/cuda/build';
import * as fs from 'fs';
import { PTX, PTX_COMPILER, PTX_SOURCES_SHA256 } from '../../../src/engines/cuda/ptx.generated';
import { fakeHooks, useHostCuda } from '../../helpers/cudaHost';

const entries = () => [...PTX.matchAll(/^\.visible \.entry (\w+)\(/gm)].map((m) => m[1]).sort();
const major = (v: string) => (v.match(/clang version (\d+)/) ?? [])[1];

test('ptx.generated.ts was built from the kernel sources as they are (else: npm run build:ptx)', () => {
  expect(PTX_SOURCES_SHA256).toBe(sourcesHash());
});

test('the PTX targets sm_80 (JIT-compiled by the driver for newer GPUs) and has its 50 entry points', () => {
  expect(PTX).toMatch(/^\.target sm_80$/m);
  expect(PTX).toMatch(/^\.address_size 64$/m);
  expect(entries()).toHaveLength(50);
  expect(PTX).not.toMatch(/\.local|call\.uni/); // every helper inlined, nothing spilled to local memory
});

const clang = findClang();
const why = !clang
  ? 'clang not found (apt-get install --no-install-recommends clang)'
  : major(clang.version) !== major(PTX_COMPILER)
    ? `${clang.version} is not the major version that built the committed PTX (${PTX_COMPILER})`
    : null;
if (why) console.warn(`skipping the PTX rebuild check: ${why}`);
(why ? test.skip : test)(
  `a fresh clang build is identical to the committed module${why ? ` (skipped: ${why})` : ''}`,
  () => {
    const fresh = ptxModuleText(compilePtx(clang!.cmd), clang!.version, sourcesHash());
    expect(fresh === fs.readFileSync(PTX_MODULE, 'utf8')).toBe(true);
  },
);

const cxx = findCxx();
(cxx ? test : test.skip)(
  `the host build registers exactly the PTX's kernels${cxx ? '' : ' (skipped: no C++ compiler)'}`,
  () => {
    const h = useHostCuda();
    if (!h.ok) throw new Error(h.why);
    expect(fakeHooks(h.library).kernelNames().sort()).toEqual(entries());
  },
);
