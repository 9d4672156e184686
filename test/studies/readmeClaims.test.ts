/**
 * Numbers the README quotes, recomputed at the size it quotes them and read from the README's own sentence, so that
 * neither can change without the other (issue 17, item 7). QBM training: n_v = 2, n_h = 0, 1, 2, 100 Adam steps,
 * lr 0.1, θ ~ U[−1, 1], seeds 1 and 2 (npm run qbm's defaults); the median final KL of each objective, quoted to two
 * significant digits.
 */
import * as fs from 'fs';
import * as path from 'path';
import { initBackend } from '../../src/backend/backend';
import { qbmTrain } from '../../src/studies/qbm/compute';

const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8').replace(/\s+/g, ' ');
const numbers = (s: string) => s.split(',').map((x) => Number(x.trim()));

beforeAll(async () => {
  await initBackend('wasm'); // as npm run qbm ran for the README
});

test("QBM training: the median final KL of each objective at n_h = 0, 1, 2 is the README's", async () => {
  const m =
    /reaches KL ([\d.e−-]+, [\d.e−-]+, [\d.e−-]+) with the visible KL as objective, and ([\d.e−-]+, [\d.e−-]+, [\d.e−-]+) with the relative entropy/.exec(
      readme.replace(/−/g, '-'),
    );
  expect(m).not.toBeNull();
  const quoted = { kl: numbers(m![1]), qre: numbers(m![2]) };
  for (const objective of ['kl', 'qre'] as const)
    for (const [i, nh] of [0, 1, 2].entries()) {
      const runs = [];
      for (const seed of [1, 2])
        runs.push((await qbmTrain({ nVisible: 2, nHidden: nh, objective, steps: 100, lr: 0.1, width: 1, seed })).kl);
      const median = [...runs].sort((a, b) => a - b)[0]; // qbm/report's median: the lower middle value of an even count
      expect({ objective, nh, kl: Number(median.toPrecision(2)) }).toEqual({ objective, nh, kl: quoted[objective][i] });
    }
});
