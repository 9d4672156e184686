/**
 * The names of the scan presets (presets.ts), in a module that loads nothing else, so that `plateau scan --help` can
 * list them without loading tfjs. presets.ts refuses to load when its list differs from this one.
 */
export const PRESET_NAMES = [
  'mmd-product',
  'mmd-depth',
  'kl-deep',
  'kl-shots',
  'lqf-qf',
  'mcclean',
  'lie-algebra',
  'iqp-init',
] as const;
