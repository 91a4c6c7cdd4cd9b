// The Content-Security-Policy of index.html (issue 15): present, strict, and allowing the one inline
// script by its hash, recomputed here so an edit of that script cannot silently break the page
// (tests/browser/csp.test.ts checks the production build in Chromium for violations).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const html = readFileSync(new URL('../../../index.html', import.meta.url), 'utf8');

function policy(): Map<string, string[]> {
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  expect(m, 'a CSP meta tag').not.toBeNull();
  return new Map(
    m![1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('index.html Content-Security-Policy', () => {
  it('is strict: self only, no eval, no plugins, no base, no inline script but the hashed one', () => {
    const p = policy();
    expect(p.get('default-src')).toEqual(["'self'"]);
    expect(p.get('object-src')).toEqual(["'none'"]);
    expect(p.get('base-uri')).toEqual(["'none'"]);
    expect(p.get('connect-src')).toEqual(["'self'"]);
    const script = p.get('script-src')!;
    expect(script).toContain("'self'");
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(script.filter((s) => !/^'(self|wasm-unsafe-eval|sha256-[A-Za-z0-9+/=]+)'$/.test(s))).toEqual([]);
    for (const values of p.values()) for (const v of values) expect(v, 'no wildcard or remote origin').not.toMatch(/^(\*|https?:|http:|ws)/);
  });

  it('allows each inline script of index.html by its sha256, and nothing else', () => {
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
    const hashes = policy().get('script-src')!.filter((s) => s.startsWith("'sha256-"));
    expect(inline.length).toBeGreaterThan(0);
    expect(hashes.sort()).toEqual(inline.sort());
  });
});
