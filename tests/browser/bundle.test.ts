// The production build keeps tfjs out of the main-thread bundle (it may load only in the worker
// chunk), and what the page loads before anything else stays within 120 kB gzipped.

import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/** Strings every tfjs bundle carries (its kernel dispatch, its flags, its backend switch). */
const TFJS = /\brunKernel\b|WEBGL_VERSION|\bsetBackend\b/;

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/** Every JS file the page loads before any worker: index.html's module script and its static imports. */
function mainThreadChunks(): string[] {
  const html = readFileSync(`${dist}index.html`, 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]);
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(`${dist}${file}`, 'utf8');
    const dir = file.slice(0, file.lastIndexOf('/') + 1);
    for (const m of code.matchAll(/(?:import|from)\s*["']\.\/([^"']+\.js)["']/g)) queue.push(`${dir}${m[1]}`);
  }
  return [...seen];
}

it('the main-thread chunks contain no tfjs; the worker chunk does its own loading', () => {
  const main = mainThreadChunks();
  expect(main.length).toBeGreaterThan(0);
  for (const file of main) {
    expect(readFileSync(`${dist}${file}`, 'utf8'), `${file} bundles tfjs`).not.toMatch(TFJS);
  }
  const workers = readdirSync(`${dist}assets`).filter((f) => f.startsWith('trainer.worker') && f.endsWith('.js'));
  expect(workers.length, 'no trainer.worker chunk in dist/assets').toBeGreaterThan(0);
  // The detector itself works: the worker chunk, which does load tfjs, matches it.
  expect(workers.some((f) => TFJS.test(readFileSync(`${dist}assets/${f}`, 'utf8')))).toBe(true);
});

it('the main-thread chunks weigh at most 120 kB gzipped (later chunks, like the chart explainers, load after the page)', () => {
  const kB = mainThreadChunks().reduce((sum, file) => sum + gzipSync(readFileSync(`${dist}${file}`)).length, 0) / 1000;
  expect(kB).toBeGreaterThan(10); // the detector reads real chunks
  expect(kB).toBeLessThanOrEqual(120);
});
