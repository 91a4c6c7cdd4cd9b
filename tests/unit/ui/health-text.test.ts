// The health checks' messages in 简体中文 keep every English placeholder, and the UI says an alert in the
// locale it is in (English as the worker wrote it where a stored alert has no keys).
import { describe, expect, it } from 'vitest';
import { HEALTH_TEXT, healthTextEn } from '../../../src/diagnostics/health-text.ts';
import { HEALTH_TEXT_ZH } from '../../../src/ui/i18n/notices.zh.ts';
import { healthText } from '../../../src/ui/i18n/health-text.ts';
import { setLocale } from '../../../src/ui/i18n/i18n.svelte.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('health messages', () => {
  it('each Chinese template keeps the English placeholders', () => {
    for (const key of Object.keys(HEALTH_TEXT) as (keyof typeof HEALTH_TEXT)[]) expect(placeholders(HEALTH_TEXT_ZH[key]), key).toEqual(placeholders(HEALTH_TEXT[key]));
  });

  it('are said in the current locale', async () => {
    const text = { key: 'health.msg.klSingle', params: { value: 0.3, limit: 0.15 } } as const;
    await setLocale('en');
    expect(healthText(text, 'x')).toBe(healthTextEn(text));
    await setLocale('zh');
    expect(healthText(text, 'x')).toBe('approx_kl 0.3 > 0.15：一次更新就让策略远离了收集这批数据的那个策略。');
    expect(healthText(undefined, 'stored English')).toBe('stored English');
    await setLocale('en');
  });
});
