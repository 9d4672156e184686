/**
 * `npx tsx test/fuzz/report.ts [id-pattern]`: runs every hostile CLI case (or those whose id matches the pattern) and
 * prints the counts and each case that is not clean. The jest suite (hostile.test.ts) runs the same table.
 */
import * as fs from 'fs';
import { HOSTILE_CASES } from './cases';
import { makeFixtures } from './fixtures';
import { runCase, summarise, Verdict } from './harness';

async function main(): Promise<void> {
  const pattern = process.argv[2] ? new RegExp(process.argv[2]) : null;
  const fx = await makeFixtures({ runFolder: true });
  const verdicts: Verdict[] = [];
  for (const c of HOSTILE_CASES.filter((x) => !pattern || pattern.test(x.id))) {
    const v = await runCase(c, fx);
    verdicts.push(v);
    process.stderr.write(
      `${v.clean ? '.' : 'x'} ${v.id} ${v.seconds.toFixed(1)} s${v.clean ? '' : `  ${v.problems.join('; ')}`}\n`,
    );
  }
  console.log(summarise(verdicts));
  if (process.env.HOSTILE_JSON) fs.writeFileSync(process.env.HOSTILE_JSON, JSON.stringify(verdicts, null, 1));
  fs.rmSync(fx.dir, { recursive: true, force: true });
}

main();
