import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultPeerScript } from '../../src/bench/peer';

describe('defaultPeerScript', () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'peer-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const plant = (dir: string): string => {
    const f = path.join(dir, 'peers', 'torch_qcbm.py');
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, '');
    return f;
  };

  it('finds shared/ beside the checkout (the working-tree layout)', () => {
    const root = path.join(tmp, 'main');
    fs.mkdirSync(root);
    const beside = plant(path.join(tmp, 'shared'));
    expect(defaultPeerScript(root)).toBe(beside);
  });

  it('prefers shared/ inside the checkout (the device-machine layout)', () => {
    const root = path.join(tmp, 'main');
    plant(path.join(tmp, 'shared'));
    const inside = plant(path.join(root, 'shared'));
    expect(defaultPeerScript(root)).toBe(inside);
  });

  it('names the sibling path when neither exists, so the error points where the script belongs', () => {
    expect(defaultPeerScript(path.join(tmp, 'main'))).toBe(path.join(tmp, 'shared', 'peers', 'torch_qcbm.py'));
  });

  it('resolves to this checkout’s peer by default', () => {
    const f = defaultPeerScript();
    expect(f.endsWith(path.join('shared', 'peers', 'torch_qcbm.py'))).toBe(true);
    expect(f).not.toContain(path.join('dist', 'cli'));
  });
});
