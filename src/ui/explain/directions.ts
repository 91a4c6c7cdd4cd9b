// How a watched metric moves when a bug is on, as an arrow and words (bug cards and chart explainers).

import type { Direction } from '../../bugs/catalog.ts';

export const DIRECTION: Readonly<Record<Direction, readonly [arrow: string, words: string]>> = {
  up: ['↑', 'rises'],
  down: ['↓', 'falls'],
  spikes: ['⇡', 'spikes'],
  oscillates: ['∿', 'swings'],
  out_of_range: ['⇕', 'out of range'],
  rises_linearly: ['↗', 'rises steadily'],
  lags: ['↘', 'lags behind'],
  stalls: ['→', 'stalls'],
};
