/**
 * `npm run build:ptx`: compiles the cuda engine's kernels (src/engines/cuda/kernels) to PTX with clang, no CUDA
 * toolkit, and writes src/engines/cuda/ptx.generated.ts (committed: GPU nodes need no compiler). Needs clang
 * (Debian: apt-get install --no-install-recommends clang). `--check` writes nothing and exits 1 when the committed
 * module differs from a fresh build.
 */
import * as fs from 'fs';
import { compilePtx, findClang, PTX_MODULE, ptxModuleText, sourcesHash } from '../src/engines/cuda/build';

function main(): number {
  const check = process.argv.includes('--check');
  const clang = findClang();
  if (!clang) {
    console.error('build-ptx: clang not found (Debian: apt-get install --no-install-recommends clang)');
    return 1;
  }
  const text = ptxModuleText(compilePtx(clang.cmd), clang.version, sourcesHash());
  const old = fs.existsSync(PTX_MODULE) ? fs.readFileSync(PTX_MODULE, 'utf8') : '';
  if (check) {
    console.log(
      old === text
        ? 'build-ptx: ptx.generated.ts is up to date'
        : 'build-ptx: ptx.generated.ts differs from a fresh build (run npm run build:ptx)',
    );
    return old === text ? 0 : 1;
  }
  fs.writeFileSync(`${PTX_MODULE}.tmp`, text);
  fs.renameSync(`${PTX_MODULE}.tmp`, PTX_MODULE);
  console.log(`build-ptx: ${PTX_MODULE} (${text.length} bytes, ${clang.version})`);
  return 0;
}

process.exit(main());
