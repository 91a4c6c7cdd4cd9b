// How a watched metric moves when a bug is on, as an arrow and words (bug cards and chart explainers):
// the arrows here, the words in the catalogue (learner.dir.*), in the UI's language.

import type { Direction } from '../../bugs/catalog.ts';
import { t } from '../i18n/i18n.svelte.ts';

export const DIRECTION_ARROW: Readonly<Record<Direction, string>> = {
  up: '↑',
  down: '↓',
  spikes: '⇡',
  oscillates: '∿',
  out_of_range: '⇕',
  rises_linearly: '↗',
  lags: '↘',
  stalls: '→',
};

/** The direction in words, in the current language (reads the locale: templates redraw on a switch). */
export function directionWords(d: Direction): string {
  return t(`learner.dir.${d}`);
}
