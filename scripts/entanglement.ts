/**
 * `plateau entanglement [--nv 1] [--nh 0,1,...,8] [--instances 1000] [--draws 500] [--layers 1] [--qubits 8]
 *  [--depths 0,1,2,3,4,6,8,12] [--seed 1] [--backend auto] [--out runs/entanglement]`: the [O] studies (trace
 * distance histograms vs ½√(D_v/D_h), entropy vs depth vs Page, gradient variance and Lipschitz vs n_h with fits).
 */
import { claimStudyDir } from '../src/outputDir';
import { checkRequest } from '../src/memory';
import { studyCommand, runCli, numberOption, numberListOption } from '../src/cli';
import { ENTANGLEMENT_DEFAULTS as D, ENTANGLEMENT_MINIMUMS as M } from '../src/studies/entanglement/spec';

const int = (name: string, min: number) => numberOption(name, min);
const ints = (name: string, min: number) => numberListOption(name, min);

async function main(argv: string[]): Promise<void> {
  const o = studyCommand('entanglement', { seed: { min: M.seed, default: D.seed }, out: 'runs/entanglement' }, (c) =>
    c
      .option('--nv <n>', 'visible qubits', int('nv', M.nVisible), D.nVisible)
      .option('--nh <list>', 'hidden-qubit counts', ints('nh', M.nHidden), D.nHidden)
      .option(
        '--instances <n>',
        'random circuits per trace-distance histogram',
        int('instances', M.instances),
        D.instances,
      )
      .option('--draws <n>', 'random parameter draws per gradient variance', int('draws', M.draws), D.draws)
      .option('--layers <n>', 'all-Pauli layers', int('layers', M.layers), D.layers)
      .option('--qubits <n>', 'register size of the entropy-vs-depth scan', int('qubits', M.qubits), D.qubits)
      .option('--depths <list>', 'depths of the entropy scan', ints('depths', M.depths), D.depths)
      .option(
        '--depth-instances <n>',
        'random circuits per depth',
        int('depth-instances', M.depthInstances),
        D.depthInstances,
      ),
  )
    .parse(argv, { from: 'user' })
    .opts<{
      backend: string;
      seed: number;
      nv: number;
      nh: number[];
      instances: number;
      draws: number;
      layers: number;
      qubits: number;
      depths: number[];
      depthInstances: number;
      out: string;
      force?: boolean;
      quiet?: boolean;
    }>();
  // sizes against memory before the folder is claimed: states of n_v + n_h qubits in chunks of 250 rows, values kept
  // per instance (host arrays and results.json), the entropy scan's circuits of up to max(depths) layers
  const nh = Math.max(...o.nh),
    n = o.nv + nh,
    gates = (o.layers + 1) * 4 * n;
  checkRequest(`--nv ${o.nv} --nh ${nh} (${n} qubits)`, {
    qubits: n,
    batch: Math.min(250, Math.max(o.instances, o.draws)),
    gates,
  });
  checkRequest(`--instances ${o.instances}`, { values: 2 * o.instances, samples: o.instances, sampleHeapBytes: 40 });
  checkRequest(`--draws ${o.draws}`, { values: o.draws * gates, samples: o.draws, sampleHeapBytes: 40 });
  checkRequest(`--qubits ${o.qubits} --depths ${Math.max(...o.depths)}`, {
    qubits: o.qubits,
    gates: (Math.max(...o.depths) + 1) * 4 * o.qubits,
    values: o.depthInstances * 2,
  });
  claimStudyDir(o.out, 'entanglement', o.force);
  const [{ initBackend }, { runEntanglementStudy }] = await Promise.all([
    import('../src/backend/backend'),
    import('../src/studies/entanglement/report'),
  ]);
  const backend = await initBackend(o.backend);
  console.log(
    await runEntanglementStudy(
      {
        nVisible: o.nv,
        nHidden: o.nh,
        instances: o.instances,
        draws: o.draws,
        layers: o.layers,
        qubits: o.qubits,
        depths: o.depths,
        depthInstances: o.depthInstances,
        seed: o.seed,
      },
      o.out,
      backend,
      { quiet: o.quiet },
    ),
  );
}

runCli(() => main(process.argv.slice(2)));
