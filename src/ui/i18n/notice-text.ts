// Notices (the notice bar: a link's problems, the notes of a config made safe to run) as catalogue keys
// and parameters, said in the UI's language. Parameters that quote a config problem in English (the schema's
// and validator's sentences) are said again through the zh pack's problem patterns.

import { activeZh, t, type MessageKey } from './i18n.svelte.ts';

/** A message for the notice bar: a catalogue key and its parameters. */
export interface Notice {
  key: MessageKey;
  params?: Readonly<Record<string, string | number>>;
}

/** Parameters that hold English problem sentences (joined by '; ' when several). */
const PROBLEM_PARAMS = new Set(['detail', 'problem', 'problems', 'why']);

/** A config problem sentence in the UI's language (as given when no pattern knows it). */
export function problemText(english: string): string {
  const patterns = activeZh()?.problems;
  if (!patterns) return english;
  return english
    .split('; ')
    .map((part) => {
      for (const [re, zh] of patterns) {
        const m = re.exec(part);
        if (m) return zh.replace(/\{(\d)\}/g, (_, i: string) => m[Number(i)] ?? '');
      }
      return part;
    })
    .join('；');
}

export function noticeText(n: Notice): string {
  if (!n.params) return t(n.key);
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(n.params)) params[k] = PROBLEM_PARAMS.has(k) && typeof v === 'string' ? problemText(v) : v;
  return t(n.key, params);
}

