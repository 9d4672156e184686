/**
 * One key style in bench's JSON lines: snake_case, as most workloads already wrote (ms_median, rss_mb, gb_per_s).
 * Keys in camelCase (the losses workload's nQubits, msMedian, msMin, rssMB, peakTensorMB) are converted where the lines
 * are printed; nQubits becomes `qubits`, the name every other line uses. Package names (`packages`) are left alone.
 */
const RENAMED: Record<string, string> = { nQubits: 'qubits' };

/** "peakTensorMB" → "peak_tensor_mb", "msMedian" → "ms_median"; keys already in snake_case are unchanged. */
export const snakeCase = (k: string): string => RENAMED[k] ?? k.replace(/([a-z0-9])([A-Z]+)/g, '$1_$2').toLowerCase();

/** A copy of a bench record with every key in snake_case, nested objects included (not `packages`). */
export function snakeCaseKeys(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => snakeCaseKeys(x));
  if (!v || typeof v !== 'object' || key === 'packages') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [snakeCase(k), snakeCaseKeys(x, k)]));
}
