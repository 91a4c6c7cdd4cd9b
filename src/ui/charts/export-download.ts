// The browser half of a chart's downloads: CSV and SVG text as files, and the SVG rasterised at twice
// the device pixel ratio for the PNG (one layout for both: title, keys, legend, axes). Loaded on the
// first click of a chart's download menu, so none of it weighs on the page's first load.

import type { ChartSpec } from './chart-spec.ts';
import { chartCsv, chartFileName } from './export-csv.ts';
import { sceneSvg } from './export-svg.ts';
import type { MetricHistory } from './metric-history.ts';
import type { ChartTheme } from './palette.ts';
import type { Scene } from './scene-types.ts';

export type ChartDownload = 'csv' | 'png' | 'svg';

export interface ChartExport {
  history: MetricHistory;
  spec: ChartSpec;
  /** The frame on screen. */
  scene: Scene;
  theme: ChartTheme;
}

/** Save a blob under a file name (an <a download> click: no new tab, no request). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference; free ours after the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function svgOf(c: ChartExport): string {
  return sceneSvg(c.scene, { title: c.spec.title, keys: c.spec.keys, legend: c.scene.legend, theme: c.theme });
}

/** The SVG drawn onto a canvas at `scale` × its size, as a PNG blob. */
export async function svgToPng(svg: string, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(img.naturalWidth * scale);
    canvas.height = Math.round(img.naturalHeight * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas context for the PNG');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function downloadChart(kind: ChartDownload, c: ChartExport): Promise<void> {
  const name = chartFileName(c.spec, kind);
  if (kind === 'csv') saveBlob(new Blob([chartCsv(c.history, c.spec)], { type: 'text/csv' }), name);
  else if (kind === 'svg') saveBlob(new Blob([svgOf(c)], { type: 'image/svg+xml' }), name);
  else saveBlob(await svgToPng(svgOf(c), Math.max(2, globalThis.devicePixelRatio || 1)), name);
}
