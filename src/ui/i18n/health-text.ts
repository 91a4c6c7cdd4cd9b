// A health alert's message and its "expected by the preset" reason in the UI's language. Only the lazily
// loaded alert views import this (AlertsPanel, LessonResult), so the English sentences stay out of the page's
// first chunk; the Chinese ones come with the zh pack.

import { HEALTH_TEXT, type HealthText } from '../../diagnostics/health-text.ts';
import { activeZh, format } from './i18n.svelte.ts';

/** `text` said in the current language; `english` where a stored run predates the keys. */
export function healthText(text: HealthText | undefined, english: string): string {
  if (!text) return english;
  return format(activeZh()?.healthMessages[text.key] ?? HEALTH_TEXT[text.key], text.params);
}
