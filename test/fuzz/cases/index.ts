/** Every hostile CLI case, by command group. */
import { HostileCase } from '../harness';
import { dataCases } from './data';
import { studyCases } from './studies';
import { trainCases } from './train';

export const HOSTILE_CASES: HostileCase[] = [...trainCases, ...dataCases, ...studyCases];
