/**
 * Calorimeter image files → datasets: the same events as .npy, .npz (stored and deflated) and HDF5 give the same
 * bitstrings as a plainly written depth sum + sub-cell pooling + event-rule binarisation; selections, chunking,
 * CaloChallenge geometry and bad input. Fixtures are written here (test/helpers/arrays.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { imagesDataset, ImagesRecipe, parseEventRanges } from '../../src/data/images/recipe';
import { faceProjector, parseBinningXml, voxelsOf } from '../../src/data/images/calochallenge';
import { parseNpyHeader } from '../../src/data/readers/npy';
import { createRng } from '../../src/rng';
import { npyBytes, writeH5, writeNpy, writeNpz } from '../helpers/arrays';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'images-'));
const at = (f: string) => path.join(dir, f);

// 40 events of 5 × 5 × 4 cells (depth last), a blob at a random place plus noise; energies 10..100 GeV.
const N = 40, H = 5, W = 5, D = 4, rng = createRng('images-test');
const cells = new Float32Array(N * H * W * D), energy = new Float64Array(N);
for (let e = 0; e < N; e++) {
  energy[e] = 10 + 90 * rng.uniform();
  const cy = 1 + 3 * rng.uniform(), cx = 1 + 3 * rng.uniform();
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let z = 0; z < D; z++)
    cells[((e * H + y) * W + x) * D + z] = energy[e] * Math.exp(-((y - cy) ** 2 + (x - cx) ** 2)) * Math.exp(-z) + 0.01 * rng.normal();
}

/** Reference: depth sum, pooling by 10 × 10 sub-cells per cell (exact for 5 cells → 2 pixels: edges at 2.5), event rule. */
function reference(rows: number, cols: number, fraction = 0.1): string[] {
  const out: string[] = [], S = 10;
  for (let e = 0; e < N; e++) {
    const px = new Array(rows * cols).fill(0);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      let v = 0;
      for (let z = 0; z < D; z++) v += cells[((e * H + y) * W + x) * D + z];
      for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) {
        const r = Math.floor(((y + (i + 0.5) / S) * rows) / H), c = Math.floor(((x + (j + 0.5) / S) * cols) / W);
        px[r * cols + c] += v / (S * S);
      }
    }
    const th = (fraction * px.reduce((a, b) => a + b, 0)) / px.length;
    out.push(px.map((p) => (p > th ? '1' : '0')).join(''));
  }
  return out;
}

const bits = (ds: { indices: Uint32Array; card: { nQubits: number } }) => Array.from(ds.indices, (i) => i.toString(2).padStart(ds.card.nQubits, '0'));
const recipe = (o: Partial<ImagesRecipe>): ImagesRecipe => ({ file: '', grid: '2x2', rule: 'event', fraction: 0.1, quiet: true, ...o });

test('.npy, .npz (stored, deflated) and HDF5 3DGAN layout give the reference bitstrings; depth first = depth last transposed', async () => {
  const ref = reference(2, 2);
  const npy = writeNpy(at('ecal.npy'), cells, [N, H, W, D]), e = writeNpy(at('e.npy'), energy, [N]);
  const stored = writeNpz(at('s.npz'), { ECAL: [cells, [N, H, W, D]], energy: [energy, [N]] }, false);
  const deflated = writeNpz(at('d.npz'), { ECAL: [cells, [N, H, W, D]], energy: [energy, [N]] }, true);
  const h5 = await writeH5(at('gan.h5'), { ECAL: [cells, [N, H, W, D]], energy: [energy, [N]] });
  for (const o of [{ file: npy, energies: e }, { file: stored }, { file: deflated }, { file: h5 }]) {
    const r = await imagesDataset(recipe(o));
    expect(bits(r.dataset)).toEqual(ref);
    expect(Array.from(r.dataset.columns!.energyGeV)).toEqual(Array.from(energy));
  }
  const h5card = (await imagesDataset(recipe({ file: h5 }))).dataset.card;
  expect(h5card.description).toMatch(/CLIC ECAL.*3DGAN layout.*"ECAL" of .*5×5×4 cells summed over the depth axis \(last\)/);
  expect(h5card.qubitMap).toEqual({ kind: 'pixels', rows: 2, cols: 2, order: 'row-major' });
  // The same events stored depth first: [N][D][H][W].
  const first = new Float32Array(cells.length);
  for (let ev = 0; ev < N; ev++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let z = 0; z < D; z++)
    first[((ev * D + z) * H + y) * W + x] = cells[((ev * H + y) * W + x) * D + z];
  const df = await imagesDataset(recipe({ file: writeNpy(at('first.npy'), first, [N, D, H, W]), depth: 'first', grid: '3x2' }));
  expect(bits(df.dataset)).toEqual(reference(3, 2));
});

test('chunking does not change the result; event ranges and an energy window select the right events', async () => {
  const npz = writeNpz(at('c.npz'), { ECAL: [cells, [N, H, W, D]], energy: [energy, [N]] }, true);
  const whole = await imagesDataset(recipe({ file: npz }));
  const oneByOne = await imagesDataset(recipe({ file: npz, chunkValues: 1 }));
  expect(Array.from(oneByOne.dataset.indices)).toEqual(Array.from(whole.dataset.indices));
  const ref = reference(2, 2);
  const want = [...Array(N).keys()].filter((e) => ((e >= 3 && e < 10) || (e >= 30 && e < 35)) && energy[e] >= 30 && energy[e] <= 80);
  for (const file of [npz, writeNpy(at('r.npy'), cells, [N, H, W, D])]) {
    const r = await imagesDataset(recipe({ file, energies: file.endsWith('.npy') ? writeNpy(at('re.npy'), energy, [N]) : undefined, eventRanges: '30:35,3:10', energyGeV: [30, 80], chunkValues: 300 }));
    expect(bits(r.dataset)).toEqual(want.map((e) => ref[e]));
    expect(Array.from(r.dataset.columns!.energyGeV)).toEqual(want.map((e) => energy[e]));
    expect(r.dataset.card.notes).toEqual([`12 events read (ranges 3:10,30:35), ${want.length} kept with energy in [30, 80] GeV`]);
  }
  expect(parseEventRanges('5:9,0:3,2:6', 10, 'f')).toEqual([[0, 9]]);
});

test('CaloChallenge: binning XML, voxels summed over layers and spread over their sectors; energies in MeV → GeV', async () => {
  const xml = `<Bins><Bin pid="11" name="electron">
    <Layer id="0" r_edges="0,2,5" n_bin_alpha="4"/><Layer id='1' n_bin_alpha='4' r_edges='0,2,5'/><Layer id="2" r_edges="0,5" n_bin_alpha="1"/>
  </Bin></Bins>`;
  const layers = parseBinningXml(xml, 'b.xml');
  expect(layers.map((l) => [l.id, l.rEdges.length - 1, l.nAlpha])).toEqual([[0, 2, 4], [1, 2, 4], [2, 1, 1]]);
  expect(voxelsOf(layers)).toBe(17);
  const p = faceProjector(layers, 10);
  // One unit in layer 0, α bin 0 ([−π, −π/2): x < 0, y < 0), outer ring; another in layer 1, α bin 1 ([−π/2, 0): x > 0, y < 0).
  const vox = new Float64Array(17);
  vox[0 * 2 + 1] = 1;
  vox[8 + 1 * 2 + 0] = 2;
  vox[16] = 4;
  const face = new Float64Array(100);
  p.project(vox, 0, face, 0);
  expect(face.reduce((a, b) => a + b, 0)).toBeCloseTo(7, 12);
  const quadrant = (ys: number[], xs: number[]) => ys.reduce((a, y) => a + xs.reduce((b, x) => b + face[y * 10 + x], 0), 0);
  const lo = [0, 1, 2, 3, 4], hi = [5, 6, 7, 8, 9];
  // The full ring (4 units) splits evenly over the four quadrants; the sector deposits sit in theirs.
  expect(quadrant(lo, lo)).toBeCloseTo(1 + 1, 2);
  expect(quadrant(lo, hi)).toBeCloseTo(2 + 1, 2);
  expect(quadrant(hi, lo)).toBeCloseTo(1, 2);
  expect(quadrant(hi, hi)).toBeCloseTo(1, 2);
  fs.writeFileSync(at('b.xml'), xml);
  const showers = new Float32Array(3 * 17);
  for (let e = 0; e < 3; e++) showers.set(vox, e * 17);
  const h5 = await writeH5(at('cc.h5'), { showers: [showers, [3, 17]], incident_energies: [Float64Array.of(1000, 50000, 200000), [3, 1]] });
  const r = await imagesDataset(recipe({ file: h5, binningXml: at('b.xml'), energyGeV: [10, 500] }));
  expect(Array.from(r.dataset.columns!.energyGeV)).toEqual([50, 200]);
  expect(r.dataset.card.description).toMatch(/CaloChallenge 2022 layout.*3 layers.*50×50 face cells over ±5 mm/);
  await expect(imagesDataset(recipe({ file: h5 }))).rejects.toThrow(/cc\.h5: dataset "showers" has shape \[3,17\]: voxel lists need their geometry \(--binning-xml/);
  fs.writeFileSync(at('b2.xml'), xml.replace('r_edges="0,5"', 'r_edges="0,5,9"'));
  await expect(imagesDataset(recipe({ file: h5, binningXml: at('b2.xml') }))).rejects.toThrow(/has 17 voxels per event, .*b2\.xml describes 18/);
});

test('bad input: one line naming the file, dataset or array, event and cell', async () => {
  const nan = new Float32Array(cells);
  nan[(7 * H * W * D) + 13] = NaN;
  const cases: [Partial<ImagesRecipe>, RegExp][] = [
    [{ file: writeNpy(at('nan.npy'), nan, [N, H, W, D]) }, /nan\.npy: event 7, cell 13 is NaN, not a finite number/],
    [{ file: writeNpz(at('nan.npz'), { ECAL: [nan, [N, H, W, D]] }, true) }, /nan\.npz: array "ECAL": event 7, cell 13 is NaN/],
    [{ file: await writeH5(at('nan.h5'), { ECAL: [nan, [N, H, W, D]] }) }, /nan\.h5: dataset "ECAL": event 7, cell 13 is NaN/],
    [{ file: await writeH5(at('names.h5'), { run1: [cells, [N, H, W, D]] }) }, /names\.h5: no image dataset named ECAL, showers, images; choose one with --dataset \(datasets: run1 \[40,5,5,4\]\)/],
    [{ file: at('names.h5'), dataset: 'run1/ECAL' }, /names\.h5: dataset "run1\/ECAL": "run1" is a Dataset, not a group/],
    [{ file: writeNpz(at('two.npz'), { a: [cells, [N, H, W, D]], b: [energy, [N]] }, false) }, /two\.npz: choose the image array with --dataset \(arrays: a, b\)/],
    [{ file: at('two.npz'), dataset: 'c' }, /two\.npz: no array "c" \(arrays: a, b\)/],
    [{ file: writeNpy(at('flat.npy'), cells, [N * H * W * D]) }, /flat\.npy has shape \[4000\]; expected \[N, H, W\]/],
    [{ file: writeNpy(at('ok.npy'), cells, [N, H, W, D]), energyGeV: [1, 2] }, /ok\.npy: an energy window needs the events' energies; name their dataset or array with --energies/],
    [{ file: at('ok.npy'), energies: writeNpy(at('e3.npy'), energy.subarray(0, 3), [3]) }, /e3\.npy has 3 values, the images 40 events/],
    [{ file: at('s.npz'), energyGeV: [500, 600] }, /s\.npz: empty selection: none of the 40 events read has an energy in \[500, 600\] GeV/],
    [{ file: at('ok.npy'), eventRanges: '0:41' }, /--event-range 0:41 goes past the 40 events of .*ok\.npy/],
    [{ file: at('ok.npy'), grid: '6x2' }, /grid 6x2 is finer than the 5×5 face/],
    [{ file: at('ok.npy'), grid: '3x3', qubits: 4 }, /--qubits 4 does not match grid 3x3/],
  ];
  const whole = fs.readFileSync(at('ok.npy'));
  fs.writeFileSync(at('trunc.npy'), whole.subarray(0, whole.length - 100));
  cases.push([{ file: at('trunc.npy') }, /trunc\.npy: truncated: shape \[40,5,5,4\] of <f4 needs 16128 bytes, the file has 16028/]);
  const z = fs.readFileSync(at('d.npz'));
  fs.writeFileSync(at('trunc.npz'), z.subarray(0, Math.floor(z.length / 2)));
  cases.push([{ file: at('trunc.npz') }, /trunc\.npz: damaged or truncated \.npz archive \(invalid zip data\)/]);
  fs.writeFileSync(at('text.npz'), 'PK not really a zip');
  cases.push([{ file: at('text.npz') }, /text\.npz: (damaged or truncated|not a) \.npz archive/]);
  for (const [o, re] of cases) {
    let msg = '';
    try {
      await imagesDataset(recipe(o));
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(re);
    expect(msg).not.toContain('\n');
  }
});

test('.npy header property: any shape, float32/64, version 1 or 2 parses back with the data offset at a 64-byte boundary', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1e6 }), { maxLength: 5 }), fc.boolean(), fc.constantFrom(1, 2) as fc.Arbitrary<1 | 2>, (shape, f32, v) => {
    const bytes = npyBytes(f32 ? new Float32Array(0) : new Float64Array(0), shape, v);
    const h = parseNpyHeader(bytes, 'x.npy')!;
    expect(h.shape).toEqual(shape);
    expect(h.descr).toBe(f32 ? '<f4' : '<f8');
    expect(h.dataOffset % 64).toBe(0);
    expect(parseNpyHeader(bytes.subarray(0, h.dataOffset - 1), 'x.npy')).toBeNull();
  }));
});
