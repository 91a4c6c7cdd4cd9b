// Orientation and proportion checks of the env renderers, with a fake 2D context that applies the
// transforms and records every filled or stroked path in canvas pixels (y down).
import { describe, expect, it } from 'vitest';
import { renderEnv } from '../../../src/ui/render/index.ts';
import { LIGHT_THEME as T } from '../../../src/ui/render/types.ts';
import type { RenderFrame } from '../../../src/workers/protocol.ts';
import type { EnvId } from '../../../src/envs/types.ts';

type Pt = [number, number];
interface Shape {
  color: string;
  points: Pt[];
  kind: 'fill' | 'stroke';
}

/** Just enough of CanvasRenderingContext2D for the renderers. */
function fakeContext(): { ctx: CanvasRenderingContext2D; shapes: Shape[]; texts: string[] } {
  let m = [1, 0, 0, 1, 0, 0]; // a b c d e f
  const stack: number[][] = [];
  let path: Pt[] = [];
  const shapes: Shape[] = [];
  const texts: string[] = [];
  const apply = (x: number, y: number): Pt => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
  const mul = (n: number[]): void => {
    const [a, b, c, d, e, f] = m;
    m = [a * n[0] + c * n[1], b * n[0] + d * n[1], a * n[2] + c * n[3], b * n[2] + d * n[3], a * n[4] + c * n[5] + e, b * n[4] + d * n[5] + f];
  };
  const state: Record<string, unknown> = { fillStyle: '', strokeStyle: '' };
  const ctx = {
    save: () => stack.push([...m]),
    restore: () => (m = stack.pop() ?? m),
    translate: (x: number, y: number) => mul([1, 0, 0, 1, x, y]),
    scale: (x: number, y: number) => mul([x, 0, 0, y, 0, 0]),
    setTransform: (...n: number[]) => (m = n),
    beginPath: () => (path = []),
    closePath: () => {},
    moveTo: (x: number, y: number) => path.push(apply(x, y)),
    lineTo: (x: number, y: number) => path.push(apply(x, y)),
    arc: (x: number, y: number, r: number, a0: number, a1: number) => {
      for (let k = 0; k <= 8; k++) {
        const a = a0 + ((a1 - a0) * k) / 8;
        path.push(apply(x + r * Math.cos(a), y + r * Math.sin(a)));
      }
    },
    fill: () => shapes.push({ color: String(state.fillStyle), points: path, kind: 'fill' }),
    stroke: () => shapes.push({ color: String(state.strokeStyle), points: path, kind: 'stroke' }),
    fillRect: (x: number, y: number, w: number, h: number) =>
      shapes.push({ color: String(state.fillStyle), points: [apply(x, y), apply(x + w, y + h)], kind: 'fill' }),
    strokeRect: () => {},
    fillText: (t: string) => texts.push(t),
    setLineDash: () => {},
  };
  return { ctx: new Proxy(ctx, { get: (t, k) => (k in t ? t[k as keyof typeof t] : state[k as string]), set: (_t, k, v) => ((state[k as string] = v), true) }) as unknown as CanvasRenderingContext2D, shapes, texts };
}

const W = 600;
const H = 400;

function draw(envId: EnvId, state: number[], lastAction = NaN) {
  const f = fakeContext();
  const frame: RenderFrame = { envId, envIndex: 0, state: Float64Array.from(state), lastAction, episodeReturn: 3, episodeLength: 4 };
  renderEnv(f.ctx, frame, W, H, { theme: T, lastEpisodeReturn: -1 });
  return f;
}
const centre = (pts: Pt[]): Pt => [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
const shapesOf = (shapes: Shape[], color: string) => shapes.filter((s) => s.color === color && s.kind === 'fill' && s.points.length >= 3);

describe('env renderers', () => {
  it('CartPole: x = 0 centres the cart, x = 1.2 puts it three quarters across; θ > 0 leans the pole right', () => {
    const [cart] = shapesOf(draw('CartPole-v1', [0, 0, 0, 0]).shapes, T.body);
    expect(centre(cart.points)[0]).toBeCloseTo(W / 2);
    const lean = draw('CartPole-v1', [1.2, 0, 0.2, 0]).shapes;
    expect(centre(shapesOf(lean, T.body)[0].points)[0]).toBeCloseTo(W * 0.75);
    const [pole] = shapesOf(lean, T.pole);
    const top = pole.points.reduce((a, b) => (b[1] < a[1] ? b : a));
    expect(top[0]).toBeGreaterThan(W * 0.75);
    expect(top[1]).toBeLessThan(H - 100); // above the track (y down)
  });

  it('Acrobot: θ1 = 0 hangs down from the centre; the goal line is one link above the pivot', () => {
    const { shapes } = draw('Acrobot-v1', [0, 0, 0, 0]);
    const links = shapesOf(shapes, T.body);
    for (const l of links) expect(centre(l.points)[1]).toBeGreaterThan(H / 2);
    const goal = shapes.find((s) => s.kind === 'stroke' && s.color === T.goal)!;
    const scale = Math.min(W, H) / 4.4;
    expect(goal.points[0][1]).toBeCloseTo(H / 2 - scale);
  });

  it('Pendulum: θ = 0 points up; positive torque draws an arrow', () => {
    const up = draw('Pendulum-v1', [0, 0]).shapes;
    const rod = shapesOf(up, T.pole)[0];
    expect(centre(rod.points)[1]).toBeLessThan(H / 2);
    expect(Math.abs(centre(rod.points)[0] - W / 2)).toBeLessThan(1);
    expect(shapesOf(up, T.force)).toHaveLength(0);
    expect(draw('Pendulum-v1', [0, 0], 1.5).shapes.some((s) => s.color === T.force)).toBe(true);
  });

  it('MountainCar: the flag stands at 0.5, the continuous one at 0.45; the car sits on the hill', () => {
    const flagX = (id: EnvId) => shapesOf(draw(id, [-0.5, 0]).shapes, T.goal)[0].points[0][0];
    const sx = (x: number) => ((x + 1.2) / 1.8) * W;
    expect(flagX('MountainCar-v0')).toBeCloseTo(sx(0.5));
    expect(flagX('MountainCarContinuous-v0')).toBeCloseTo(sx(0.45));
    const [car] = shapesOf(draw('MountainCar-v0', [-0.5, 0]).shapes, T.body);
    // Tilted to the slope, the car's centre sits within half its height of the contact point.
    expect(Math.abs(centre(car.points)[0] - sx(-0.5))).toBeLessThan(10);
    const hill = (x: number) => (Math.sin(3 * x) * 0.45 + 0.55) * (W / 1.8);
    expect(H - centre(car.points)[1]).toBeGreaterThan(hill(-0.5));
  });

  it('GridWorld: draws the default layout with the agent in its cell; probes print what the agent sees', () => {
    const grid = draw('GridWorld', [0, 0]).shapes;
    expect(grid.filter((s) => s.color === T.goal)).toHaveLength(1);
    expect(grid.filter((s) => s.color === T.force)).toHaveLength(2); // two pits
    const { texts } = draw('Probe2', [-1, 0], 0);
    expect(texts).toContain('Probe2');
    expect(texts).toContain('-1');
  });
});
