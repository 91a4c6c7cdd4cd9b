// scripts/train.ts: bad input exits 2 with the usage text; a tiny run writes valid JSON lines and a summary.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../scripts/train.ts';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

describe('train CLI', () => {
  const bad: [string, string[], RegExp][] = [
    ['an unknown flag', ['--env', 'CartPole-v1', '--learning-rate', '1'], /unknown flag '--learning-rate'/],
    ['a missing --env', ['--agent', 'ppo'], /--env is required/],
    ['an unknown env', ['--env', 'Pong'], /unknown env 'Pong'/],
    ['an unknown --set key', ['--env', 'CartPole-v1', '--set', 'lr=1'], /unknown ppo setting 'lr'/],
    ['a --set value of the wrong type', ['--env', 'CartPole-v1', '--set', 'numSteps=many'], /'numSteps' expects a number/],
    ['a --set value out of range', ['--env', 'CartPole-v1', '--set', 'gamma=1.5'], /'gamma' must be in \[0, 1\]/],
    ['a malformed --set', ['--env', 'CartPole-v1', '--set', 'numSteps'], /--set expects key=value/],
    ['an unknown --bug', ['--env', 'CartPole-v1', '--bug', 'not_a_bug'], /unknown bug 'not_a_bug' for ppo \(valid ids: /],
    ['a bad --seed', ['--env', 'CartPole-v1', '--seed', '-3'], /--seed expects an integer ≥ 0/],
    ['a flag without its value', ['--env', 'CartPole-v1', '--out'], /--out needs a value/],
    ['a browser-only backend', ['--env', 'CartPole-v1', '--backend', 'webgl'], /--backend must be one of cpu, wasm, auto/],
    ['an unknown preset', ['--env', 'CartPole-v1', '--preset', 'fastest'], /unknown preset 'fastest'/],
    ['an --out path that cannot be written', ['--env', 'CartPole-v1', '--out', '/no/such/dir/run.jsonl'], /cannot write --out \/no\/such\/dir\/run.jsonl/],
  ];
  for (const [what, argv, message] of bad) {
    it(`exits 2 with the usage on ${what}`, async () => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/usage: npm run train/);
      expect(r.stdout).toBe('');
    });
  }

  it('writes one JSON object per scalar point and a final summary line', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'train-')), 'run.jsonl');
    const r = await run(['--env', 'CartPole-v1', '--agent', 'ppo', '--seed', '2', '--total-steps', '512', '--backend', 'cpu', '--set', 'numSteps=64', '--set', 'hiddenSizes=16', '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const points = lines.slice(0, -1);
    const { summary } = lines[lines.length - 1];
    for (const p of points) {
      expect(Object.keys(p)).toEqual(['key', 'step', 'wall_s', 'value']);
      expect(typeof p.key).toBe('string');
      expect(Number.isInteger(p.step)).toBe(true);
      expect(p.value === null || typeof p.value === 'number').toBe(true);
    }
    const keys = new Set(points.map((p) => p.key));
    for (const k of ['charts/episodic_return', 'charts/episodic_length', 'losses/approx_kl', 'charts/SPS']) expect(keys.has(k), k).toBe(true);
    expect(summary).toMatchObject({ env: 'CartPole-v1', agent: 'ppo', seed: 2, env_steps: 512, updates: 2, backend: 'cpu', steps_to_solve: null });
    expect(summary.final_return_mean20).toBeGreaterThan(0);
    expect(summary.sps).toBeGreaterThan(0);
    expect(summary.wall_s).toBeGreaterThan(0);
  });

  it('runs the random agent too', async () => {
    const r = await run(['--env', 'CartPole-v1', '--agent', 'random', '--total-steps', '2048', '--backend', 'cpu', '--quiet']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!).summary;
    // A random CartPole policy lasts ~22 steps.
    expect(summary.episodes).toBeGreaterThan(40);
    expect(summary.final_return_mean20).toBeGreaterThan(8);
    expect(summary.final_return_mean20).toBeLessThan(60);
  });

  it('sets the process exit code to 2 when run as a script', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/train.ts', '--env', 'CartPole-v1', '--nope'], { encoding: 'utf8', cwd: new URL('../../../', import.meta.url).pathname });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown flag '--nope'/);
  });
});

describe('train CLI --out streaming', () => {
  it('writes each point as it is produced, so a killed run keeps what it had and a reader can follow it live', async () => {
    const { spawn } = await import('node:child_process');
    const { existsSync } = await import('node:fs');
    const out = join(mkdtempSync(join(tmpdir(), 'train-kill-')), 'run.jsonl');
    const args = ['tsx', 'scripts/train.ts', '--env', 'CartPole-v1', '--agent', 'ppo', '--total-steps', '100000000', '--backend', 'cpu', '--set', 'numSteps=32', '--set', 'hiddenSizes=8', '--out', out, '--quiet'];
    const child = spawn('npx', args, { stdio: 'ignore', detached: true });
    const updatesIn = (): number => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter((l) => l.includes('"losses/approx_kl"')).length : 0);
    try {
      // Wait (on the condition, not a clock) until three updates are on disk while the run is still going.
      await expect.poll(updatesIn, { timeout: 120_000, interval: 200 }).toBeGreaterThanOrEqual(3);
      expect(child.exitCode).toBeNull();
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    // Every complete line is valid JSON (at most the last one can be cut by the kill).
    for (const l of lines.slice(0, -1)) expect(() => JSON.parse(l)).not.toThrow();
    expect(lines.filter((l) => l.includes('"losses/approx_kl"')).length).toBeGreaterThanOrEqual(3);
  });
});
