// 简体中文. The type makes a missing key a compile error; tests/unit/ui/i18n.test.ts checks that each
// translation keeps the English string's {placeholders}. Keep the sections in the order of en.ts.

import type { MessageKey } from './en.ts';

export const zh: Record<MessageKey, string> = {
  // ---- core (header, run controls) ----
  'lang.label': '语言',
  'lang.en': 'English',
  'lang.zh': '中文',
  // ---- learner (issue 11: explainers, lessons, probe check) ----
  // ---- history (issue 12: history, journal, export/import) ----
  // ---- publish (issue 12: chart downloads, hand-off, embeds) ----
  // ---- mbrl (issue 13) ----
  // ---- faults (issue 15) ----
};
