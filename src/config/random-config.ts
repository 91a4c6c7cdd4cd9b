// The uniform-random policy's only setting.

import type { FieldSchema } from './schema.ts';

export interface RandomConfig {
  /** Parallel copies of the env stepped together. */
  numEnvs: number;
  /** Vector steps per iteration (one iteration reports SPS once). */
  numSteps: number;
}

export const RANDOM_FIELDS: readonly FieldSchema[] = [
  { key: 'numEnvs', type: 'int', default: 4, min: 1, max: 256, restart: true, group: 'Rollout', doc: 'Parallel copies of the env stepped together.' },
  { key: 'numSteps', type: 'int', default: 128, min: 1, max: 16384, restart: false, group: 'Rollout', doc: 'Vector steps per iteration (one iteration reports SPS once).' },
];
