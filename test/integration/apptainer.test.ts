/**
 * apptainer.def, checked statically (Apptainer is not packaged here): its header and sections are well formed; every
 * %files source is a file `npm run bundle` writes (read off scripts/bundle.ts) and together they are the whole bundle
 * the launcher needs; the launcher lands where `--container` batch files call it (CONTAINER_LAUNCHER); %post unpacks
 * with the launcher's `unpack` command into the folder %environment points the launcher at, so nothing is unpacked
 * (or downloaded) at run time. The bundle test runs `unpack` for real.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CONTAINER_LAUNCHER } from '../../src/studies/tasks/batch';

const root = path.resolve(__dirname, '../..');
const def = fs.readFileSync(path.join(root, 'apptainer.def'), 'utf8');
const lines = def.split('\n');

/** Header keywords before the first section, and each section's body lines (comments and blanks dropped). */
function parseDef(): { header: Map<string, string>; sections: Map<string, string[]> } {
  const header = new Map<string, string>(),
    sections = new Map<string, string[]>();
  let current: string | null = null;
  for (const line of lines) {
    const sec = /^%(\w+)\s*$/.exec(line);
    if (sec) {
      expect(sections.has(sec[1])).toBe(false);
      sections.set((current = sec[1]), []);
      continue;
    }
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (current === null) {
      const m = /^(\w+):\s*(\S+)$/.exec(line);
      if (!m) throw new Error(`not a header line: ${line}`);
      header.set(m[1], m[2]);
    } else sections.get(current)!.push(line.trim());
  }
  return { header, sections };
}

test('header and sections are those of an Apptainer definition file', () => {
  const { header, sections } = parseDef();
  expect(Object.fromEntries(header)).toEqual({ Bootstrap: 'docker', From: 'debian:12-slim' });
  expect([...sections.keys()]).toEqual(['labels', 'help', 'files', 'post', 'environment', 'runscript', 'test']);
});

test('%files copies exactly the files of a bundle, the launcher to where --container calls it', () => {
  const { sections } = parseDef();
  const bundleSource = fs.readFileSync(path.join(root, 'scripts/bundle.ts'), 'utf8');
  const written = new Set([...bundleSource.matchAll(/path\.join\(out, '([^']+)'\)/g)].map((m) => m[1]));
  expect([...written].sort()).toEqual([
    'app.tar.xz',
    'bundle.id',
    'dawn.node.xz',
    'gpu-check.sh',
    'manifest.json',
    'node.xz',
    'plateau',
    'scripts.txt',
  ]);
  const files = sections.get('files')!.map((l) => l.split(/\s+/));
  for (const f of files) expect(f).toHaveLength(2);
  expect(files.map(([src]) => src.replace(/^bundle\//, '')).sort()).toEqual([...written].sort());
  expect(
    files.every(([src, dst]) => src.startsWith('bundle/') && dst === `/opt/plateau/${src.slice('bundle/'.length)}`),
  ).toBe(true);
  expect(files.find(([src]) => src === 'bundle/plateau')![1]).toBe(CONTAINER_LAUNCHER);
});

test('%post unpacks once into the folder %environment names; %runscript and %test call the launcher', () => {
  const { sections } = parseDef();
  const post = sections.get('post')!;
  const unpack = post.find((l) => l.includes(' unpack'))!;
  const dir = /^PLATEAU_RUNTIME_DIR=(\S+) \S+ unpack$/.exec(unpack)![1];
  expect(unpack).toBe(`PLATEAU_RUNTIME_DIR=${dir} ${CONTAINER_LAUNCHER} unpack`);
  expect(sections.get('environment')).toEqual([`export PLATEAU_RUNTIME_DIR=${dir}`]);
  // the launcher has the unpack command, and xz (needed to unpack) is installed before it runs
  const launcher = fs.readFileSync(path.join(root, 'scripts/bundle-launcher.sh'), 'utf8');
  expect(launcher).toMatch(/if \[ "\$entry" = unpack \]; then echo "\$rt"; exit 0; fi/);
  expect(post.findIndex((l) => /apt-get install .*xz-utils/.test(l))).toBeLessThan(post.indexOf(unpack));
  // after unpacking, the compressed copies are not needed (the launcher only checks $rt/.complete)
  expect(post[post.length - 1]).toBe('rm -f /opt/plateau/node.xz /opt/plateau/dawn.node.xz /opt/plateau/app.tar.xz');
  expect(launcher).toContain('if [ ! -f "$rt/.complete" ]; then');
  expect(sections.get('runscript')).toEqual([`exec ${CONTAINER_LAUNCHER} "$@"`]);
  expect(sections.get('test')![0].startsWith(`${CONTAINER_LAUNCHER} bench `)).toBe(true);
});
