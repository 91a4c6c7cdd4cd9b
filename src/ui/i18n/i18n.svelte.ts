// The UI language. `t(key, params)` reads the current locale's catalogue; because the locale is
// Svelte state, every template that calls t() redraws when it changes. The locale comes from the
// `lang=` URL key, else the browser's language (zh* → 'zh'), else English.
//
// Why not Paraglide JS: its compiler loads inlang plugins from a CDN at build time, which this
// project's machines (and any offline build) cannot reach; two typed objects and one function give
// the same guarantees (a missing key fails the type check and a test) with nothing to download.

import { en, type MessageKey } from './en.ts';
import { zh } from './zh.ts';

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, zh };

let current = $state<Locale>('en');

export function locale(): Locale {
  return current;
}

export function setLocale(next: Locale): void {
  current = next;
  if (globalThis.document) document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}

/** The locale a browser asks for: 'zh' for any Chinese variant, else 'en'. */
export function browserLocale(languages: readonly string[] = globalThis.navigator?.languages ?? []): Locale {
  for (const l of languages) {
    const tag = l.toLowerCase();
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

/** Fill `{name}` placeholders. Unknown placeholders stay visible so a missing param is noticed. */
export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The string for `key` in the current language (English if a translation is empty). */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = CATALOGUES[current][key] || en[key];
  return format(text, params);
}

/** The string for `key` in a given language, for tests and for content outside the component tree. */
export function tIn(lang: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  return format(CATALOGUES[lang][key] || en[key], params);
}
