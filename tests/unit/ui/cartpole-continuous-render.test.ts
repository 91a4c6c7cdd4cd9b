// CartPoleContinuous-v0's renderer: CartPole's picture plus a push arrow whose side and length follow
// the continuous action (force = 10·a). Points are recorded in the renderer's virtual-screen units.
import { describe, expect, it } from 'vitest';
import { renderEnv } from '../../../src/ui/render/index.ts';
import { LIGHT_THEME as T } from '../../../src/ui/render/types.ts';
import type { RenderFrame } from '../../../src/workers/protocol.ts';

interface Shape {
  color: string;
  xs: number[];
}

function recordingContext(): { ctx: CanvasRenderingContext2D; shapes: Shape[] } {
  const shapes: Shape[] = [];
  let xs: number[] = [];
  const style: Record<string, unknown> = {};
  const ctx = {
    save() {},
    restore() {},
    translate() {},
    scale() {},
    setTransform() {},
    setLineDash() {},
    beginPath: () => (xs = []),
    closePath() {},
    moveTo: (x: number) => xs.push(x),
    lineTo: (x: number) => xs.push(x),
    arc: (x: number) => xs.push(x),
    fill: () => shapes.push({ color: String(style.fillStyle), xs }),
    stroke: () => shapes.push({ color: String(style.strokeStyle), xs }),
    fillRect() {},
    strokeRect() {},
    fillText() {},
  };
  const proxy = new Proxy(ctx, { get: (t, k) => (k in t ? t[k as keyof typeof t] : style[k as string]), set: (_t, k, v) => ((style[k as string] = v), true) });
  return { ctx: proxy as unknown as CanvasRenderingContext2D, shapes };
}

function arrowXs(lastAction: number): number[] {
  const { ctx, shapes } = recordingContext();
  const frame = { envId: 'CartPoleContinuous-v0', state: [0, 0, 0.05, 0], lastAction } as unknown as RenderFrame;
  renderEnv(ctx, frame, 600, 400, { theme: T });
  return shapes.filter((s) => s.color === T.force).flatMap((s) => s.xs);
}

describe('CartPoleContinuous-v0 renderer', () => {
  it('draws the push on the side and at the length of the action', () => {
    const cartX = 300; // x = 0 is the middle of the 600-px virtual screen
    const right = arrowXs(0.5);
    const left = arrowXs(-1);
    expect(Math.min(...right)).toBeGreaterThan(cartX);
    expect(Math.max(...left)).toBeLessThan(cartX);
    const reach = (xs: number[]): number => Math.max(...xs.map((x) => Math.abs(x - cartX)));
    expect(reach(left)).toBeGreaterThan(reach(right) + 10);
    expect(arrowXs(0)).toEqual([]);
    expect(arrowXs(NaN)).toEqual([]);
  });
});
