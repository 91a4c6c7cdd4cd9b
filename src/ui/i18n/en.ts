// English strings: the reference catalogue. Every key here must exist in zh.ts (the type there
// says so, and tests/unit/ui/i18n.test.ts checks placeholders match). Keys are dotted by area;
// `{name}` marks a parameter filled by t(key, { name }).
//
// Each area keeps its own section so several people can add strings without touching each other's.

export const en = {
  // ---- core (header, run controls) ----
  'lang.label': 'Language',
  'lang.en': 'English',
  'lang.zh': '中文',
  // ---- learner (issue 11: explainers, lessons, probe check) ----
  // ---- history (issue 12: history, journal, export/import) ----
  // ---- publish (issue 12: chart downloads, hand-off, embeds) ----
  // ---- mbrl (issue 13) ----
  // ---- faults (issue 15) ----
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
