import { describe, expect, it } from 'vitest';
import { en } from '../../../src/ui/i18n/en.ts';
import { zh } from '../../../src/ui/i18n/zh.ts';
import { browserLocale, format } from '../../../src/ui/i18n/i18n.svelte.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  it('zh has every English key, non-empty, and no extra keys', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(zh)) expect(text.trim(), key).not.toBe('');
  });
  it('each translation keeps the English placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
  });
});

describe('format and browser locale', () => {
  it('fills parameters and leaves unknown ones visible', () => {
    expect(format('{n} steps of {total}', { n: 3 })).toBe('3 steps of {total}');
  });
  it('picks zh for any Chinese tag and en otherwise', () => {
    expect(browserLocale(['zh-TW', 'en'])).toBe('zh');
    expect(browserLocale(['fr', 'en-GB'])).toBe('en');
    expect(browserLocale([])).toBe('en');
  });
});
