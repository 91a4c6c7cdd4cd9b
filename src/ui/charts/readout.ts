// Hover / tap readout: the value of every drawn series nearest to a pointer x.

import { nearestIndex, type XAxis } from './columns.ts';
import { formatValue } from './format.ts';
import type { Scene } from './scene-types.ts';

export interface ReadoutRow {
  runLabel: string;
  label: string;
  color: string;
  /** e.g. [["raw", "187"], ["smoothed", "180"]]. */
  values: [string, string][];
}

export interface Readout {
  /** Pointer x snapped to the nearest point of the first series, in CSS px. */
  px: number;
  /** Place the box left of the crosshair (pointer in the right half). */
  flip: boolean;
  xLabel: string;
  rows: ReadoutRow[];
}

const AXIS_NAMES: Record<XAxis, string> = { step: 'step', update: 'update', wall: 'time' };

/** Readout at CSS x `pointerX`, or null when the chart has nothing under it. */
export function readoutAt(scene: Scene, pointerX: number, axis: XAxis): Readout | null {
  if (scene.empty || scene.probes.length === 0) return null;
  const { left, right } = scene.plot;
  const xd = scene.x.invert(Math.min(right, Math.max(left, pointerX)));
  let snapped: number | null = null;
  const rows: ReadoutRow[] = [];
  const runLabels = new Set(scene.probes.map((p) => p.runLabel));
  const perRun = scene.probes.length / runLabels.size;
  for (const p of scene.probes) {
    const i = nearestIndex(p.x, xd, p.length);
    if (i < 0) continue;
    if (snapped === null) snapped = p.x[i];
    const values: [string, string][] = [];
    const base = p.values.raw ?? p.values.mean;
    for (const [name, col] of Object.entries(p.values)) {
      // With smoothing off the "smoothed" column is the raw one itself: show it once.
      if (name === 'smoothed' && base !== undefined && sameView(col, base)) continue;
      values.push([name, formatValue(col[i])]);
    }
    // Name the run only when several are shown, the series only when a run has several.
    const label = [runLabels.size > 1 ? p.runLabel : '', perRun > 1 ? p.label : ''].filter(Boolean).join(' · ');
    rows.push({ runLabel: p.runLabel, label, color: p.color, values });
  }
  if (snapped === null) return null;
  const px = scene.x(snapped);
  return { px, flip: px > (left + right) / 2, xLabel: `${AXIS_NAMES[axis]} ${scene.xFormat(snapped)}`, rows };
}

function sameView(a: Float64Array, b: Float64Array): boolean {
  return a.buffer === b.buffer && a.byteOffset === b.byteOffset;
}
