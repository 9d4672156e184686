/** bench's JSON lines in one key style (issue 17): snake_case, with nQubits printed as `qubits` like every other line. */
import { snakeCaseKeys } from '../../src/bench/keys';

test('camelCase keys become snake_case, nested ones too; package names and snake_case keys stay', () => {
  expect(
    snakeCaseKeys({
      bench: 'losses',
      nQubits: 20,
      msMedian: 1,
      msMin: 0.5,
      rssMB: 300,
      peakTensorMB: 12,
      gb_per_s: 3,
      adapter: { deviceName: 'x' },
      packages: { '@tensorflow/tfjs-core': '4.22.0' },
    }),
  ).toEqual({
    bench: 'losses',
    qubits: 20,
    ms_median: 1,
    ms_min: 0.5,
    rss_mb: 300,
    peak_tensor_mb: 12,
    gb_per_s: 3,
    adapter: { device_name: 'x' },
    packages: { '@tensorflow/tfjs-core': '4.22.0' },
  });
});
