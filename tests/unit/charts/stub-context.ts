// A 2D context that records calls, for painting tests and node benchmarks (no canvas in node).

export interface Recorded {
  calls: Map<string, number>;
  /** Every lineTo / moveTo point, in order: [op, x, y]. */
  path: [string, number, number][];
  texts: string[];
}

export function stubContext(): { ctx: CanvasRenderingContext2D; rec: Recorded } {
  const rec: Recorded = { calls: new Map(), path: [], texts: [] };
  const count = (name: string): void => {
    rec.calls.set(name, (rec.calls.get(name) ?? 0) + 1);
  };
  const target: Record<string, unknown> = {
    moveTo: (x: number, y: number) => {
      count('moveTo');
      rec.path.push(['M', x, y]);
    },
    lineTo: (x: number, y: number) => {
      count('lineTo');
      rec.path.push(['L', x, y]);
    },
    fillText: (t: string) => {
      count('fillText');
      rec.texts.push(t);
    },
    measureText: (t: string) => ({ width: t.length * 6 }),
  };
  const ctx = new Proxy(target, {
    get(t, prop: string) {
      if (prop in t) return t[prop];
      return (..._args: unknown[]) => count(prop);
    },
    set(t, prop: string, value) {
      t[prop] = value;
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, rec };
}
