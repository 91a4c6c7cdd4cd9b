// Bringing a chart to the user's eye from a lesson card or an alert: switch from Essentials to All
// diagnostics if the chart is not among them, open its dashboard group if it is collapsed, scroll it
// into view and flash a ring around it (the `data-lab-focus` attribute, styled by
// BugLabHighlight.svelte). DOM only; the chart is found by its `data-metric` id.

import { metricInfo } from '../../diagnostics/metric-keys.ts';
import { drained } from '../state/later.ts';

const FLASH_MS = 2200;

function find(chartId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-metric="${CSS.escape(chartId)}"]`);
}

function flash(el: HTMLElement): void {
  const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'center' });
  el.setAttribute('data-lab-focus', '');
  setTimeout(() => el.removeAttribute('data-lab-focus'), FLASH_MS);
}

/** The next frame, and every chart queued to mount by then mounted (each mounts in a task of its own: state/later.ts). */
async function nextFrame(): Promise<void> {
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  await drained();
}

/** Open the collapsed dashboard group that would hold the chart; true if one was opened. */
function openGroupOf(chartId: string): boolean {
  const group = metricInfo(chartId)?.group;
  if (!group) return false;
  for (const b of document.querySelectorAll<HTMLButtonElement>('.dashboard section button[aria-expanded="false"]')) {
    if (b.textContent?.trim().replace(/^[▸▾]\s*/, '').startsWith(group)) {
      b.click();
      return true;
    }
  }
  return false;
}

/**
 * Show the chart drawing `chartId`. Resolves false when it is not on the page (the agent does not
 * report the key, or the link shows only some charts).
 */
export async function focusChart(chartId: string): Promise<boolean> {
  let el = find(chartId);
  const showAll = document.querySelector<HTMLButtonElement>('[data-testid="show-all-diagnostics"]');
  if (!el && showAll) {
    showAll.click();
    await nextFrame();
    el = find(chartId);
  }
  if (!el && openGroupOf(chartId)) {
    await nextFrame();
    el = find(chartId);
  }
  if (!el) return false;
  flash(el);
  return true;
}
