// A "Run this at scale" note (src/config/handoff-text.ts) in the UI's language. Only the lazily loaded
// hand-off dialog imports this, so the English sentences stay out of the page's first chunk; the Chinese
// ones come with the zh pack.

import { HANDOFF_TEXT, handoffNoteIn, type HandoffNote } from '../../config/handoff-text.ts';
import { activeZh } from './i18n.svelte.ts';

export function handoffText(n: HandoffNote): string {
  return handoffNoteIn(activeZh()?.handoffNotes ?? HANDOFF_TEXT, n);
}
