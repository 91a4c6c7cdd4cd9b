// The probe check and 简体中文, against the production build: "Check this agent" lights five probes
// green for healthy PPO and at least one red with ignore_done; `lang=zh` (or the header switch) leaves no
// English prose in the header, the bug cards and the lesson card; screenshots of both languages.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, openPage, screenshot } from './browser.ts';
import { chartHasPoints, frames, screenshotDir, waitForUpdates } from './page-helpers.ts';
import { runToFile } from '../../src/history/run-file.ts';
import { sampleRun } from '../unit/history/fixtures.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function probeStatuses(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Check this agent' }).click();
  const lights = page.getByTestId('probe-light');
  await lights.first().waitFor();
  expect(await lights.count()).toBe(5);
  // Each light settles on pass or fail (the probes train in their own worker).
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="probe-light"]')].every((l) => l.getAttribute('data-status') !== 'running'), null, { timeout: 240_000 });
  return lights.evaluateAll((ls) => ls.map((l) => `${l.getAttribute('data-probe')}:${l.getAttribute('data-status')}`));
}

describe('probe check', () => {
  it('is all green for healthy PPO', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo`);
    expect(await probeStatuses(page)).toEqual(['Probe1:pass', 'Probe2:pass', 'Probe3:pass', 'Probe4:pass', 'Probe5:pass']);
    expect(problems.errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('shows a red light with ignore_done', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&bugs=ignore_done`);
    const statuses = await probeStatuses(page);
    expect(statuses.filter((s) => s.endsWith(':fail')).length).toBeGreaterThan(0);
    expect(statuses).toContain('Probe1:fail');
    await context.close();
  }, 300_000);
});

/**
 * English prose visible in `root`: runs of two or more Latin words with a lowercase one among them, leaving
 * out what stays English on purpose (metric keys and bug ids in .lab-key, citations in .ref, code, formulas, the backend name).
 */
async function englishLeft(root: Locator): Promise<string[]> {
  return root.evaluateAll((els) => {
    const out: string[] = [];
    const SKIP = '.lab-key, .ref, code, math, option, select, [data-testid="backend"]';
    for (const el of els) {
      // Visible text only: closed tooltips are in the DOM but not on screen.
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let text = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = n.parentElement;
        if (parent && !parent.closest(SKIP) && parent.checkVisibility()) text += ` ${n.textContent ?? ''}`;
      }
      // Maths stays in Latin letters in Chinese text too: max Q, ln N, log π.
      const MATH = new Set(['max', 'min', 'ln', 'log', 'exp', 'mean', 'std', 'var', 'sqrt', 'clip', 'tanh']);
      for (const m of text.matchAll(/[A-Za-z][A-Za-z'’-]*(?:\s+[A-Za-z][A-Za-z'’-]*)+/g)) {
        if (m[0].split(/\s+/).some((w) => /^[a-z]{2,}/.test(w) && !MATH.has(w))) out.push(m[0]);
      }
    }
    return out;
  });
}

/** Wait until the run has trained a few updates and the charts show them: the return and the policy change per update have points. */
async function trainedAndDrawn(page: Page): Promise<void> {
  await waitForUpdates(page, 3, 180_000);
  await expect.poll(async () => (await chartHasPoints(page, 'losses/approx_kl')) && chartHasPoints(page, 'charts/episodic_return'), { timeout: 60_000 }).toBe(true);
  await frames(page);
}

describe('简体中文', () => {
  it('lang=zh translates the header, the bug cards and the lesson card; the switch goes back to English', async () => {
    const { page, context, problems } = await openPage(browser, { width: 1280, height: 900 });
    await page.goto(`${inject('baseUrl')}#lesson=lr-too-high&lang=zh`);
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const card = page.getByTestId('lesson-card');
    await card.getByText('学习率过高是什么样子？').waitFor();
    await card.getByTestId('lesson-helps-first').waitFor();
    expect(await englishLeft(page.getByTestId('app-header'))).toEqual([]);
    // Every bug card of PPO, one open at a time, and the bug list itself.
    const more = page.locator('[data-testid="bugs-panel"] button.more');
    const count = await more.count();
    expect(count).toBeGreaterThan(5);
    const left: string[] = [];
    for (let i = 0; i < count; i++) {
      await more.nth(i).click();
      await page.getByTestId('bug-card').waitFor();
      left.push(...(await englishLeft(page.getByTestId('bug-card'))));
    }
    expect(left).toEqual([]);
    expect(await englishLeft(page.getByTestId('bugs-panel'))).toEqual([]);
    expect(await englishLeft(card)).toEqual([]);
    // The screenshots show the first view, where the lesson card is.
    await page.evaluate(() => scrollTo(0, 0));
    await screenshot(page, { path: `${screenshotDir()}lesson-zh.png` });
    // The header's switch: back to English, and into the link.
    await page.getByTestId('lang-picker').selectOption('en');
    await card.getByText('What does a too-high learning rate look like?').waitFor();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('lang=en');
    await page.evaluate(() => scrollTo(0, 0));
    await screenshot(page, { path: `${screenshotDir()}lesson-en.png` });
    expect(problems.errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('a lesson’s answer is in Chinese too: the runs’ progress, the chart that moved first and its tag', async () => {
    const { page, context, problems } = await openPage(browser, { width: 1400, height: 900 });
    await page.goto(`${inject('baseUrl')}#backend=wasm&lesson=lr-too-high&lang=zh`);
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const card = page.getByTestId('lesson-card');
    await card.waitFor();
    await page.getByTestId('lesson-predict').getByRole('radio').first().check();
    await page.getByTestId('lesson-predict').getByRole('radio', { name: /上升/ }).check();
    await page.getByRole('button', { name: '运行正常与出错的对照' }).click();
    await page.getByRole('button', { name: '最快', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="lesson-card"]')?.getAttribute('data-phase') === 'revealed', null, { timeout: 150_000, polling: 500 });
    await page.getByRole('button', { name: '暂停', exact: true }).click();
    const result = page.getByTestId('lesson-result');
    expect(await result.textContent()).toMatch(/故障：lr_too_high/);
    expect(await englishLeft(card)).toEqual([]);
    const tag = await page.evaluate(() => {
      const ringed = [...document.querySelectorAll('[data-metric]')].find((el) => getComputedStyle(el, '::before').content !== 'none');
      return ringed ? getComputedStyle(ringed, '::before').content : null;
    });
    expect(tag).toBe('"最先变化"');
    expect(problems.errors).toEqual([]);
    await context.close();
  }, 200_000);

  it('a zh browser gets Chinese without a lang key; screenshots of desktop and phone once training is drawn', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await page.getByTestId('app-header').getByText('智能体').first().waitFor();
    await trainedAndDrawn(page);
    await screenshot(page, { path: `${screenshotDir()}desktop-zh.png` });
    await context.close();
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    const p = await phone.newPage();
    await p.goto(`${inject('baseUrl')}#layout=essentials`);
    await p.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await trainedAndDrawn(p);
    // On a phone the env comes first: the Essentials are the next screen, scrolled to as a learner would.
    await p.getByTestId('essentials').evaluate((el) => (el.closest('.dashboard') ?? el).scrollIntoView({ block: 'start' }));
    await frames(p);
    await screenshot(p, { path: `${screenshotDir()}phone-essentials-zh.png` });
    await phone.close();
  }, 240_000);

  for (const lang of ['en', 'zh'] as const) {
    it(`a lesson on a 375 px phone (${lang}): its card is the first thing in view`, async () => {
      const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
      const page = await phone.newPage();
      await page.goto(`${inject('baseUrl')}#lesson=lr-too-high&lang=${lang}`);
      await page.waitForFunction((want) => document.documentElement.lang === want, lang === 'zh' ? 'zh-CN' : 'en');
      const card = page.getByTestId('lesson-card');
      await card.getByText(lang === 'zh' ? '学习率过高是什么样子？' : 'What does a too-high learning rate look like?').waitFor();
      await trainedAndDrawn(page);
      await page.evaluate(() => scrollTo(0, 0));
      // The card starts within the first screen and fits its width (no sideways scrolling on a phone).
      const box = (await card.boundingBox())!;
      expect(box.y).toBeLessThan(812 / 2);
      expect(box.x + box.width).toBeLessThanOrEqual(375);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await frames(page);
      await screenshot(page, { path: `${screenshotDir()}lesson-phone-${lang}.png` });
      await phone.close();
    }, 240_000);
  }
});

describe('简体中文 in what the worker and the link say', () => {
  const CJK = /[\u4e00-\u9fff]/;

  it('health alerts: each message and the preset’s "expected" note are in Chinese', async () => {
    const { page, context, problems } = await openPage(browser);
    // The zoo's DQN takes 128 gradient steps per 256 env steps: its out-of-range Q-values are declared a property of
    // the preset (an "expected" note), and the uninitialised buffer drives them out of range within the first updates.
    await page.goto(`${inject('baseUrl')}#lang=zh&env=CartPole-v1&agent=dqn&preset=zoo&bugs=uninitialized_buffer&backend=wasm`);
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await page.getByRole('button', { name: '最快', exact: true }).click();
    const expected = page.getByTestId('alert-expected').first();
    await expected.waitFor({ timeout: 240_000 });
    const panel = page.getByTestId('alerts-panel');
    const messages = await panel.getByTestId('alert-message').allTextContents();
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m).toMatch(CJK);
    expect(await expected.textContent()).toMatch(/预设本身的性质/);
    expect(await englishLeft(panel)).toEqual([]);
    expect(problems.errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('a run that goes NaN: the pause notice and the non_finite alert are in Chinese', async () => {
    const { page, context } = await openPage(browser);
    // A2C at learning rate 1 on Pendulum diverges for real: grad_norm became NaN after ~3,200 updates (seed 1, wasm).
    await page.goto(`${inject('baseUrl')}#lang=zh&env=Pendulum-v1&agent=a2c&backend=wasm&set.learningRate=1`);
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await page.getByRole('button', { name: '最快', exact: true }).click();
    const paused = page.getByTestId('non-finite');
    await paused.waitFor({ timeout: 400_000 });
    expect(await paused.textContent()).toMatch(/训练已暂停/);
    expect(await englishLeft(paused)).toEqual([]);
    const alert = page.locator('[data-testid="alert"][data-alert="non_finite"]').first();
    await alert.waitFor();
    expect(await alert.getByTestId('alert-message').textContent()).toMatch(CJK);
    expect(await englishLeft(page.getByTestId('alerts-panel'))).toEqual([]);
    await context.close();
  }, 480_000);

  it('each Essentials explainer, the embed dialog’s chart list and the timing legend are in Chinese', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${inject('baseUrl')}#lang=zh&backend=wasm`);
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await waitForUpdates(page, 1);
    // The ⓘ's name starts with "About" in every language (the contract tests find explainers by).
    const abouts = page.getByTestId('essentials').locator('button[aria-label^="About "]');
    await expect.poll(() => abouts.count()).toBe(6);
    const dialog = page.getByTestId('chart-explainer');
    for (let i = 0; i < 6; i++) {
      await abouts.nth(i).click();
      await dialog.getByText('它测量什么').waitFor();
      expect(await englishLeft(dialog), `explainer ${i}`).toEqual([]);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }
    await page.getByRole('button', { name: '嵌入', exact: true }).click();
    const embed = page.getByTestId('embed-dialog');
    await embed.waitFor();
    expect(await embed.locator('label.check').count()).toBeGreaterThan(5);
    expect(await englishLeft(embed.locator('label.check'))).toEqual([]);
    await embed.getByRole('button', { name: '关闭', exact: true }).click();
    await embed.waitFor({ state: 'hidden' });
    await page.getByTestId('layout-switch').getByText('全部诊断', { exact: true }).click();
    const phases = page.locator('[data-metric="time/phase_ms"]');
    await phases.waitFor();
    expect(await englishLeft(phases)).toEqual([]);
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('a run imported from a file says its alerts in Chinese; an older file without keys keeps its English', async () => {
    const { page, context, problems } = await openPage(browser, { width: 1400, height: 1000 });
    await page.goto(`${inject('baseUrl')}#lang=zh&backend=wasm`);
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const run = {
      ...sampleRun('imported-zh'),
      alerts: [
        { id: 'kl_spike', step: 1024, key: 'losses/approx_kl', message: 'approx_kl 0.3 > 0.15: one update moved the policy far from the one that collected the data.', text: { key: 'health.msg.klSingle' as const, params: { value: 0.3, limit: 0.15 } } },
        { id: 'explained_variance_negative', step: 1536, key: 'losses/explained_variance', message: 'Written before the keys <b>existed</b>' },
      ],
    };
    await page.getByTestId('import-run').setInputFiles({ name: 'run.rlrun.json', mimeType: 'application/json', buffer: Buffer.from(runToFile(run)) });
    const item = page.locator('[data-testid="history-item"][data-run-id="imported-zh"]');
    await item.getByRole('button', { name: '打开', exact: true }).click();
    await page.getByTestId('history-viewing').waitFor();
    const messages = page.getByTestId('alerts-panel').getByTestId('alert-message');
    await expect.poll(() => messages.allTextContents(), { timeout: 20_000 }).toEqual(['Written before the keys <b>existed</b>', 'approx_kl 0.3 > 0.15：一次更新就让策略远离了收集这批数据的那个策略。']);
    expect(await page.getByTestId('alerts-panel').locator('b').count()).toBe(0);
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('"Run this at scale": every note on what CleanRL and the zoo cannot express is in Chinese', async () => {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${inject('baseUrl')}#lang=zh&env=CartPole-v1&agent=dqn&bugs=lr_too_high`);
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await page.getByRole('button', { name: '大规模运行', exact: true }).click();
    const notes = page.getByTestId('handoff-notes');
    await notes.waitFor();
    const items = await notes.locator('li').allTextContents();
    // The bug, the missing step budget, the playground preset's hard-coded differences, SB3's, and the playground-only settings.
    expect(items.length).toBeGreaterThanOrEqual(6);
    for (const item of items) expect(item).toMatch(CJK);
    expect(items.join('\n')).toContain('lr_too_high');
    expect(await englishLeft(notes)).toEqual([]);
    expect(await englishLeft(page.getByTestId('handoff-dialog').locator('.lead'))).toEqual([]);
    expect(await page.getByTestId('handoff-playground-only').textContent()).toContain('compute');
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('a bad link: every notice is in Chinese (the schema’s own problems too)', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${inject('baseUrl')}#lang=zh&env=Pong&seed=-3&steps=abc&bugs=nope&set.learningRate=-1&set.nope=1&foo=1&compare=variant&smoothing=2`);
    const notice = page.getByTestId('url-notice');
    await notice.waitFor();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const items = await notice.locator('li').allTextContents();
    expect(items.length).toBeGreaterThanOrEqual(8);
    for (const item of items) expect(item).toMatch(CJK);
    expect(items.join('\n')).toMatch(/learningRate 必须在 \[0, 1\] 之内/);
    expect(await englishLeft(notice)).toEqual([]);
    await context.close();
  });
});
