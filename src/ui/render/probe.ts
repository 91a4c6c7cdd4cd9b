// Probe environments (Probe1…Probe5): nothing physical to draw, so a plain readout of what the
// agent sees and gets: the observation, the last action, and the rewards.

import type { RenderOptions } from './types.ts';

export interface ProbeOptions extends RenderOptions {
  envId: string;
  episodeReturn: number;
  episodeLength: number;
  /** Return of the last finished episode (for one-step probes: the last reward), NaN when none yet. */
  lastEpisodeReturn?: number;
  /** The readout's labels in the page's language (English when absent). */
  labels?: ProbeLabels;
}

/** The five labels of the readout, in order. */
export interface ProbeLabels {
  observation: string;
  lastAction: string;
  stepInEpisode: string;
  returnSoFar: string;
  lastReturn: string;
}

const ENGLISH: ProbeLabels = {
  observation: 'observation',
  lastAction: 'last action',
  stepInEpisode: 'step in episode',
  returnSoFar: 'return so far',
  lastReturn: 'last episode return',
};

const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

const fmt = (v: number): string => (Number.isFinite(v) ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : '–');

/** state = [obs, t]: the probe's single observation and the step count within the episode. */
export function renderProbe(ctx: CanvasRenderingContext2D, state: ArrayLike<number>, opts: ProbeOptions): void {
  const { theme, width, height } = opts;
  const l = opts.labels ?? ENGLISH;
  const lines: [string, string][] = [
    [l.observation, fmt(state[0])],
    [l.lastAction, fmt(opts.lastAction ?? NaN)],
    [l.stepInEpisode, fmt(opts.episodeLength)],
    [l.returnSoFar, fmt(opts.episodeReturn)],
    [l.lastReturn, fmt(opts.lastEpisodeReturn ?? NaN)],
  ];
  ctx.save();
  const size = Math.max(12, Math.min(18, Math.round(height / 14)));
  const lineH = Math.round(size * 1.6);
  const top = Math.round((height - lineH * (lines.length + 1)) / 2) + size;
  ctx.textBaseline = 'alphabetic';
  ctx.font = `600 ${size + 2}px ${theme.font}`;
  ctx.fillStyle = theme.ink;
  ctx.textAlign = 'center';
  ctx.fillText(opts.envId, width / 2, top);
  lines.forEach(([label, value], i) => {
    const y = top + lineH * (i + 1);
    ctx.font = `${size}px ${theme.font}`;
    ctx.textAlign = 'right';
    ctx.fillStyle = theme.muted;
    ctx.fillText(label, width / 2 - 8, y);
    ctx.font = `${size}px ${MONO}`; // monospaced so the figures do not jitter
    ctx.textAlign = 'left';
    ctx.fillStyle = theme.ink;
    ctx.fillText(value, width / 2 + 8, y);
  });
  ctx.restore();
}
