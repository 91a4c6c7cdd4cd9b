// Fuzzing the CLI's argument lists (issue 15): scripts/train.ts parses argv with one pure function
// (parseArgs). Random, malformed and hostile lists never throw anything but a UsageError with a short
// message; main() answers every one of them with that message, the usage text and exit code 2, and
// writes nothing to stdout. A few malformed lists also go through a real process (exit status 2).

import { spawn } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main, parseArgs, UsageError, USAGE } from '../../../scripts/train.ts';
import { BUG_IDS } from '../../../src/bugs/catalog.ts';
import { AGENT_CONFIGS } from '../../../src/config/presets.ts';
import { AGENT_IDS } from '../../../src/config/run-config.ts';
import { ENV_IDS } from '../../../src/envs/registry.ts';
import { hostileText } from './hostile.ts';

const FLAGS = ['--env', '--agent', '--seed', '--total-steps', '--preset', '--set', '--bug', '--backend', '--out', '--eval-episodes', '--compare', '--quiet'];
const KEYS = Object.values(AGENT_CONFIGS).flatMap((s) => s?.fields.map((f) => f.key) ?? []);

const plausible = fc.constantFrom(...ENV_IDS, ...AGENT_IDS, ...BUG_IDS, 'playground', 'cleanrl', 'cpu', 'wasm', 'webgl', '1', '0', '-1', '512', '1e3');
const setting = fc.tuple(fc.constantFrom(...KEYS, '__proto__', 'constructor'), fc.oneof(plausible, hostileText(false))).map(([k, v]) => `${k}=${v}`);
/** A flag and its value (as two words or as --flag=value), a lone switch, or a stray word. */
const part: fc.Arbitrary<string[]> = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...FLAGS), fc.oneof(plausible, setting, hostileText(false))).map(([f, v]) => [f, v]), weight: 8 },
  { arbitrary: fc.tuple(fc.constantFrom(...FLAGS), fc.oneof(plausible, hostileText(false))).map(([f, v]) => [`${f}=${v}`]), weight: 2 },
  { arbitrary: fc.constantFrom<string[]>(['--compare'], ['--quiet'], ['--set', '--bug'], ['--seed']), weight: 2 },
  { arbitrary: hostileText().map((t) => [t]), weight: 1 },
);
/** Half the lists start with a valid env so the parser gets past the first check. */
const argv = fc
  .tuple(fc.boolean(), fc.array(part, { maxLength: 5 }))
  .map(([withEnv, parts]) => [...(withEnv ? ['--env', 'CartPole-v1'] : []), ...parts.flat()]);
/** Refusals list the valid ids or keys, so they may be longer than other messages. */
const CLI_MAX_MESSAGE = 600;

function refusal(list: readonly string[]): UsageError | null {
  try {
    parseArgs(list);
    return null;
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e; // anything else is the bug this test looks for
  }
}

const STAGES = ['unknown flag', 'needs a value', 'unknown env', 'unknown ppo setting', 'expects', 'unknown bug', 'given twice'];

describe('CLI argument lists under fuzzing', () => {
  it('parseArgs accepts a list or refuses it with a short UsageError, never anything else (10,000 lists)', async () => {
    let refused = 0;
    const stages = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(argv, async (list) => {
        const e = refusal(list);
        if (e === null) return;
        refused++;
        for (const stage of STAGES) if (e.message.includes(stage)) stages.set(stage, (stages.get(stage) ?? 0) + 1);
        expect(e.message.length).toBeGreaterThan(5);
        expect(e.message.length).toBeLessThan(CLI_MAX_MESSAGE);
        let stdout = '';
        let stderr = '';
        const code = await main(list, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
        expect(code).toBe(2);
        expect(stdout).toBe('');
        expect(stderr.startsWith(`error: ${e.message}\n`)).toBe(true);
        expect(stderr).toContain(USAGE);
      }),
      { seed: 1504, numRuns: 10_000 },
    );
    // The generator reaches refusals of every stage, and accepted lists too.
    expect(refused).toBeGreaterThan(3_000);
    expect(refused).toBeLessThan(10_000);
    for (const stage of STAGES) expect(stages.get(stage), stage).toBeGreaterThan(10);
  });

  it('never lets a --set key reach an object prototype', () => {
    for (const key of ['__proto__', 'constructor', 'prototype', 'toString']) {
      expect(refusal(['--env', 'CartPole-v1', '--set', `${key}=1`])?.message).toMatch(/unknown ppo setting/);
    }
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

/** Run the CLI as a process; resolves with its exit status and output. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/train.ts', ...args], { cwd: new URL('../../../', import.meta.url).pathname });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the CLI process on malformed lists', () => {
  const lists: [string, string[], RegExp][] = [
    ['a flag without its value', ['--env'], /--env needs a value/],
    ['markup as the env', ['--env', '"><img src=x onerror=alert(1)>'], /unknown env '\\"><img src=x onerror=alert\(1\)>'/],
    ['a prototype key in --set', ['--env', 'CartPole-v1', '--set', '__proto__=1'], /unknown ppo setting '__proto__'/],
    ['a 100 kB seed', ['--env', 'CartPole-v1', '--seed', '9'.repeat(100_000)], /--seed expects an integer ≥ 0, got '9{57}…'/],
    ['a script URL as a bug', ['--env', 'CartPole-v1', '--bug', 'javascript:alert(1)'], /unknown bug 'javascript:alert\(1\)'/],
    ['a bare word', ['CartPole-v1'], /unknown argument 'CartPole-v1'/],
  ];
  it('exits with status 2, the reason and the usage for each', { timeout: 120_000 }, async () => {
    const results = await Promise.all(lists.map(([, args]) => runCli(args)));
    results.forEach((r, i) => {
      const [what, , message] = lists[i];
      expect(r.code, what).toBe(2);
      expect(r.stderr, what).toMatch(message);
      expect(r.stderr, what).toContain('usage: npm run train');
      expect(r.stderr.length, what).toBeLessThan(USAGE.length + CLI_MAX_MESSAGE); // 'error: ', blank lines
      expect(r.stdout, what).toBe('');
    });
  });
});
