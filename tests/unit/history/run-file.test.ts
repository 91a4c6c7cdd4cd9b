// Run files: an exported run reads back exactly; anything else gets a clear message naming the problem
// and never an exception (another engineer fuzzes parseRunFile).

import { describe, expect, it } from 'vitest';
import { RUN_FILE_FORMAT, parseRunFile, runToFile } from '../../../src/history/run-file.ts';
import { sampleRun } from './fixtures.ts';

function errorOf(text: string): string {
  const r = parseRunFile(text);
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.error;
}

function edited(edit: (file: { format: unknown; version: unknown; run: Record<string, unknown> }) => void): string {
  const file = JSON.parse(runToFile(sampleRun()));
  edit(file);
  return JSON.stringify(file);
}

describe('parseRunFile', () => {
  it('reads an exported run back exactly (NaN and ±Infinity included, markup kept as plain text)', () => {
    const run = sampleRun();
    const r = parseRunFile(runToFile(run));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.run.scalars).toEqual(run.scalars);
    expect(r.run.episodes).toEqual(run.episodes);
    expect(r.run.histograms).toEqual(run.histograms);
    expect(r.run.config).toEqual(run.config);
    expect(r.run.notes).toEqual(run.notes);
    expect(r.run.name).toBe(run.name);
    expect({ ...r.run, sparkline: [] }).toEqual({ ...run, sparkline: [] });
    // and a second export of the import is the same text
    expect(runToFile(r.run)).toBe(runToFile(run));
  });

  it('rejects malformed and truncated JSON', () => {
    expect(errorOf('')).toMatch(/empty/);
    expect(errorOf('{"format": "rl-playground-run", "version": 1, "run": {')).toMatch(/not valid JSON/);
    const full = runToFile(sampleRun());
    for (const cut of [1, 10, full.length / 2, full.length - 1]) expect(errorOf(full.slice(0, Math.floor(cut)))).toMatch(/not valid JSON/);
  });

  it('rejects a foreign file, naming its format', () => {
    expect(errorOf('{"modelTopology": {}, "weightsManifest": []}')).toMatch(/not an RL Playground run file/);
    expect(errorOf('{"format": "layers-model"}')).toMatch(/format is 'layers-model'/);
    expect(errorOf('[1,2,3]')).toMatch(/not an RL Playground run file/);
    expect(errorOf('"rl-playground-run"')).toMatch(/not an RL Playground run file/);
  });

  it('rejects a file from a newer version, and a malformed version', () => {
    expect(errorOf(edited((f) => (f.version = 2)))).toMatch(/newer version.*version 2/);
    expect(errorOf(edited((f) => (f.version = '1')))).toMatch(/version is missing or malformed/);
    expect(errorOf(edited((f) => delete (f as { version?: unknown }).version))).toMatch(/version is missing/);
  });

  it('names the field of each problem', () => {
    const cases: [(f: { run: Record<string, unknown> }) => void, RegExp][] = [
      [(f) => delete f.run.config, /run\.config must be an object/],
      [(f) => ((f.run.config as Record<string, unknown>).env = 'Doom-v0'), /run\.config\.env is 'Doom-v0'/],
      [(f) => ((f.run.config as Record<string, unknown>).agent = 'sac'), /run\.config\.agent is 'sac'/],
      [(f) => ((f.run.config as Record<string, unknown>).bugs = ['no_such_bug']), /unknown bug 'no_such_bug'/],
      [(f) => ((f.run.config as Record<string, unknown>).overrides = { learningRate: 5 }), /run\.config is not a valid run/],
      [(f) => ((f.run.config as Record<string, unknown>).seed = -1), /run\.config\.seed must be at least 0/],
      [(f) => ((f.run.scalars as { value: unknown[] }[])[1].value[2] = 'lots'), /run\.scalars\[1\]\.value\[2\] must be a finite number/],
      [(f) => ((f.run.scalars as { step: unknown[] }[])[0].step[1] = null), /run\.scalars\[0\]\.step\[1\] must be a finite number, got null/],
      [(f) => ((f.run.scalars as { wall: unknown[] }[])[0].wall.pop()), /run\.scalars\[0\]\.wall has 3 entries, expected 4/],
      [(f) => ((f.run.scalars as { step: unknown[] }[])[0].step = [5, 4, 6, 7]), /goes back/],
      [(f) => ((f.run.scalars as { key: unknown }[])[0].key = '<img src=x onerror=alert(1)>'), /metric key cannot have/],
      [(f) => ((f.run.scalars as { key: unknown }[])[1].key = 'losses/approx_kl'), /twice/],
      [(f) => (f.run.name = 'x'.repeat(201)), /run\.name is 201 characters long/],
      [(f) => ((f.run.notes as Record<string, unknown>).happened = 42), /run\.notes\.happened must be a string, got number/],
      [(f) => (f.run.wallS = 'NaN'), /run\.wallS must be a finite number/],
      [(f) => ((f.run.episodes as { solved: unknown[] }).solved[0] = 0.5), /run\.episodes\.solved\[0\] must be 0 or 1/],
      [(f) => ((f.run.histograms as { counts: unknown }[])[0].counts = 'abc'), /run\.histograms\[0\]\.counts must be an array/],
      [(f) => (f.run.alerts = [{}]), /run\.alerts\[0\]\.id must be a string/],
      [(f) => (f.run.id = '../../etc'), /run\.id/],
      [(f) => (f.run = null as unknown as Record<string, unknown>), /run must be an object, got null/],
    ];
    for (const [edit, message] of cases) expect(errorOf(edited(edit as never))).toMatch(message);
  });

  it("keeps an alert's message as a key and parameters, said in the reader's language; a bad one falls back to the English", async () => {
    const klText = { key: 'health.msg.klSingle', params: { value: 0.3, limit: 0.15 } } as const;
    const expectedText = { key: 'health.expected.klSmallRollouts', params: { n: 64 } } as const;
    const run = { ...sampleRun(), alerts: [{ id: 'kl_spike', step: 1024, key: 'losses/approx_kl', message: 'approx_kl 0.3 > 0.15: …', text: klText, expected: 'small rollouts', expectedText }] };
    const back = parseRunFile(runToFile(run));
    expect(back.ok && back.run.alerts).toEqual(run.alerts);
    const { healthText } = await import('../../../src/ui/i18n/health-text.ts');
    const { setLocale } = await import('../../../src/ui/i18n/i18n.svelte.ts');
    await setLocale('zh');
    const [a] = back.ok ? back.run.alerts : [];
    expect(healthText(a.text, a.message)).toBe('approx_kl 0.3 > 0.15：一次更新就让策略远离了收集这批数据的那个策略。');
    expect(healthText(a.expectedText, a.expected!)).toMatch(/^这个预设每次只用 64 个样本/);
    await setLocale('en');
    // An older file (no keys) still imports and shows its English; so does a hostile or newer one.
    const hostile: unknown[] = [
      undefined,
      null,
      'health.msg.klSingle',
      { key: 'health.msg.fromTheFuture', params: { value: 1 } },
      { key: '__proto__', params: {} },
      { key: 'toString', params: {} },
      { key: 'health.msg.klSingle' },
      { key: 'health.msg.klSingle', params: [0.3, 0.15] },
      { key: 'health.msg.klSingle', params: { value: 0.3 } },
      { key: 'health.msg.klSingle', params: { value: { toString: 1 }, limit: 0.15 } },
      { key: 'health.msg.klSingle', params: { value: 'NaN', limit: null } },
      { key: 'health.msg.klSingle', params: { value: 'x'.repeat(201), limit: 0.15 } },
      { key: 'health.msg.klSingle', params: JSON.parse('{"__proto__": {"value": 1, "limit": 2}}') },
    ];
    for (const text of hostile) {
      const r = parseRunFile(edited((f) => (f.run.alerts = [{ id: 'kl_spike', step: 1, key: 'losses/approx_kl', message: 'English <b>as written</b>', text, expected: 'why', expectedText: text }])));
      expect(r.ok, JSON.stringify(text)).toBe(true);
      const [x] = r.ok ? r.run.alerts : [];
      expect(x.text, JSON.stringify(text)).toBeUndefined();
      expect(x.expectedText).toBeUndefined();
      await setLocale('zh');
      expect(healthText(x.text, x.message)).toBe('English <b>as written</b>');
      await setLocale('en');
    }
    // Only the template's own parameters are kept; markup in a string parameter stays text for the view to escape.
    const extra = parseRunFile(edited((f) => (f.run.alerts = [{ id: 'kl_spike', step: 1, key: 'k', message: 'm', text: { key: 'health.msg.nonFinite', params: { key: '<img src=x>', value: 'NaN', junk: 1 } } }])));
    expect(extra.ok && extra.run.alerts[0].text).toEqual({ key: 'health.msg.nonFinite', params: { key: '<img src=x>', value: 'NaN' } });
  });

  it('never throws, whatever the text', () => {
    const texts = ['null', '0', 'true', '{}', `{"format":"${RUN_FILE_FORMAT}","version":1}`, `{"format":"${RUN_FILE_FORMAT}","version":1,"run":[]}`, '{"__proto__":{"format":"rl-playground-run"}}', '['.repeat(100_000), '\u0000', undefined as unknown as string];
    for (const t of texts) expect(() => parseRunFile(t)).not.toThrow();
    for (const t of texts) expect(parseRunFile(t).ok).toBe(false);
  });

  it('an override named __proto__ is data, not a prototype', () => {
    const r = parseRunFile(edited((f) => ((f.run.config as Record<string, unknown>).overrides = JSON.parse('{"__proto__": {"polluted": 1}}'))));
    expect(r.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('journalMarkdown', () => {
  it('lists every run oldest first with its two answers (as written), and marks missing ones', async () => {
    const { journalMarkdown } = await import('../../../src/history/journal.ts');
    const a = { ...sampleRun('a'), createdAt: 2000, name: 'second' };
    const b = { ...sampleRun('b'), createdAt: 1000, name: 'first', notes: { expect: 'learns fast', happened: '' } };
    const md = journalMarkdown([a, b]);
    expect(md.indexOf('## first')).toBeLessThan(md.indexOf('## second'));
    expect(md).toContain('learns fast');
    expect(md).toContain('_(no answer)_');
    expect(md).toContain('It did.\nTwice.');
    expect(md).toContain('bugs: lr_too_high');
  });
});
