/** Plots render offline to SVG and PNG files. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lineChart, savePlot } from '../../src/report/plot';

test('a line chart with an error band renders to SVG and PNG', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plot-'));
  const spec = lineChart({
    title: 'Var vs n',
    xLabel: 'qubits',
    yLabel: 'variance',
    logY: true,
    series: [{ name: 'σ = 1', points: [2, 4, 6].map((x) => ({ x, y: 2 ** -x, lo: 2 ** -x / 2, hi: 2 ** -x * 2 })) }],
  });
  const out = await savePlot(spec, path.join(dir, 'var'));
  expect(fs.readFileSync(out.svg, 'utf8')).toContain('Var vs n');
  expect(fs.readFileSync(out.png).subarray(1, 4).toString()).toBe('PNG');
});
