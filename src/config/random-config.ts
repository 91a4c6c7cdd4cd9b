// The uniform-random policy's only setting.

import { defineConfig, int, type ConfigOf, type Preset } from './schema.ts';


export const RANDOM = defineConfig({
  numEnvs: int({ default: 4, min: 1, max: 256, group: 'Rollout', doc: 'Parallel copies of the env stepped together.' }),
  numSteps: int({ default: 128, min: 1, max: 16384, group: 'Rollout', doc: 'Vector steps per iteration (one iteration reports SPS once).' }),
});

export type RandomConfig = ConfigOf<typeof RANDOM>;
/** The rows of the schema (panel, CLI usage, validation). */
export const RANDOM_FIELDS = RANDOM.fields;

export const RANDOM_PRESETS: readonly Preset[] = [
  { id: 'playground', label: 'Uniform random', doc: 'Actions drawn uniformly from the action space.', source: { title: 'A uniformly random policy: the baseline every learning curve is drawn against', url: 'https://gymnasium.farama.org/api/spaces/#gymnasium.spaces.Space.sample' }, values: () => ({}) },
];

