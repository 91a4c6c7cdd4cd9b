// The colour theme: light, dark, or the system's (prefers-color-scheme). The effective theme is the
// `data-theme` attribute of <html> (theme.css keys its colours on it; index.html sets it before the
// first paint); canvases redraw when it changes.

import type { ThemeChoice } from '../../config/url-codec.ts';

export type Theme = 'light' | 'dark';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** The theme on screen now (light where there is no document). */
export function currentTheme(): Theme {
  return globalThis.document?.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/**
 * Canvas colours from CSS custom properties on `el` (theme.css): each key of `fallback` read from
 * `--${prefix}-${key}` (or the name `alias` gives it), the fallback where one is unset.
 */
export function cssTheme<T extends { [K in keyof T]: string }>(el: Element, prefix: string, fallback: T, alias: Partial<Record<keyof T, string>> = {}): T {
  const cs = getComputedStyle(el);
  const out: Record<string, string> = {};
  for (const key of Object.keys(fallback) as (keyof T & string)[]) out[key] = cs.getPropertyValue(`--${prefix}-${alias[key] ?? key}`).trim() || fallback[key];
  return out as T;
}

/** Put `choice` on the page, following the system while it is 'system'; returns the cleanup. */
export function applyTheme(choice: ThemeChoice): () => void {
  const root = document.documentElement;
  const media = matchMedia(DARK_QUERY);
  const set = (): void => {
    const theme = resolveTheme(choice, media.matches);
    if (root.dataset.theme !== theme) root.dataset.theme = theme;
  };
  set();
  if (choice !== 'system') return () => {};
  media.addEventListener('change', set);
  return () => media.removeEventListener('change', set);
}

/** Call `listener` after every change of the effective theme; returns the cleanup. */
export function onThemeChange(listener: () => void): () => void {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
