// The UI language. `t(key, params)` reads the current locale's catalogue; because the locale is
// Svelte state, every template that calls t() redraws when it changes. The locale comes from the
// `lang=` URL key, else the browser's language (zh* → 'zh'), else English.
//
// Why not Paraglide JS: its compiler loads inlang plugins from a CDN at build time, which this
// project's machines (and any offline build) cannot reach; two typed objects and one function give
// the same guarantees (a missing key fails the type check and a test) with nothing to download.

import { en, type MessageKey } from './en.ts';
import type { ZhPack } from './zh-pack.ts';

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

// The Chinese pack (messages, bug cards, lessons, chart explainers, metric titles) is loaded on first use:
// ~40 kB gzip that an English reader should not download (main-thread bundle budget).
let zhPack = $state.raw<ZhPack | null>(null);
let current = $state<Locale>('en');

export function locale(): Locale {
  return current;
}

/** Load the pack for `next` (zh: one lazy chunk) and switch to it; `<html lang>` follows. */
export async function setLocale(next: Locale): Promise<void> {
  if (next === 'zh' && zhPack === null) zhPack = (await import('./zh-pack.ts')).ZH_PACK;
  current = next;
  if (globalThis.document) document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}

/** The loaded Chinese pack while the UI is in Chinese, else null (content modules fall back to English). */
export function activeZh(): ZhPack | null {
  return current === 'zh' ? zhPack : null;
}

function catalogue(lang: Locale): Record<MessageKey, string> {
  return lang === 'zh' && zhPack !== null ? zhPack.messages : en;
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
  const text = catalogue(current)[key] || en[key];
  return format(text, params);
}

/** The string for `key` in a given language, for tests and for content outside the component tree. */
export function tIn(lang: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  return format(catalogue(lang)[key] || en[key], params);
}
