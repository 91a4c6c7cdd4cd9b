// Gymnasium draws each env on a fixed virtual screen (e.g. 600×400 px, y up, then flipped).
// `fitScreen` maps that screen into our canvas, uniformly scaled and centred, so proportions match.

export interface ScreenFit {
  /** CSS px per virtual-screen px. */
  scale: number;
  /** Visible x range of the canvas in virtual-screen px (wider than the screen when letterboxed). */
  left: number;
  right: number;
  bottom: number;
  top: number;
}

/** Apply a y-up transform that shows a `screenW`×`screenH` virtual screen centred in the canvas. Call inside save/restore. */
export function fitScreen(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  screenW: number,
  screenH: number,
): ScreenFit {
  const scale = Math.min(width / screenW, height / screenH);
  const ox = (width - screenW * scale) / 2;
  const oy = (height - screenH * scale) / 2;
  ctx.translate(ox, oy + screenH * scale);
  ctx.scale(scale, -scale);
  return {
    scale,
    left: -ox / scale,
    right: screenW + ox / scale,
    bottom: -oy / scale,
    top: screenH + oy / scale,
  };
}

/** Fill a polygon given as a flat list of points. */
export function fillPolygon(ctx: CanvasRenderingContext2D, points: readonly (readonly [number, number])[], color: string): void {
  ctx.beginPath();
  points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.fill();
}

/** The rectangle [l, r]×[b, t] in its own frame, rotated by `angle` (radians, CCW in y-up) about the origin, then moved to (x, y). */
export function rotatedRect(
  x: number,
  y: number,
  l: number,
  r: number,
  b: number,
  t: number,
  angle: number,
): [number, number][] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return ([[l, b], [l, t], [r, t], [r, b]] as const).map(([px, py]) => [x + px * c - py * s, y + px * s + py * c]);
}

export function fillCircle(ctx: CanvasRenderingContext2D, x: number, y: number, radius: number, color: string): void {
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, 2 * Math.PI);
  ctx.fillStyle = color;
  ctx.fill();
}

/** An arrow from (x0, y0) to (x1, y1) with a head of size `head` (same units). */
export function arrow(
  ctx: CanvasRenderingContext2D,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  head: number,
  width: number,
  color: string,
): void {
  const angle = Math.atan2(y1 - y0, x1 - x0);
  const len = Math.hypot(x1 - x0, y1 - y0);
  const h = Math.min(head, len);
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.lineCap = 'round';
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1 - h * 0.6 * Math.cos(angle), y1 - h * 0.6 * Math.sin(angle));
  ctx.stroke();
  fillPolygon(
    ctx,
    [
      [x1, y1],
      [x1 - h * Math.cos(angle - 0.45), y1 - h * Math.sin(angle - 0.45)],
      [x1 - h * Math.cos(angle + 0.45), y1 - h * Math.sin(angle + 0.45)],
    ],
    color,
  );
}
