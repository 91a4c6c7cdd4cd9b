// Heap snapshots over the Chrome DevTools Protocol, summarised for diffing: self size and count per
// constructor (an object's constructor name; other node types by type: array, string, code, …), and
// the self size of arrays, strings and array-buffer data per retainer ("Owner.property"), which names
// the field that holds a growing store. scripts/soak.ts --snapshots takes two and prints the top growth.

import type { CDPSession } from 'playwright-core';

export interface HeapSummary {
  /** "constructor" or "(type)" → [self bytes, count]. */
  byConstructor: Record<string, [number, number]>;
  /** "Owner.edge" → self bytes of the arrays, strings and buffers it holds (one shared target counts once per edge). */
  byRetainer: Record<string, number>;
  totalBytes: number;
}

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Take a snapshot of the page (after a forced GC) and summarise it. */
export async function takeSummary(cdp: CDPSession): Promise<HeapSummary> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }): void => void chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.disable');
  return summarise(JSON.parse(chunks.join('')) as RawSnapshot);
}

const HELD = new Set(['array', 'string', 'concatenated string', 'sliced string', 'native', 'number']);

export function summarise(raw: RawSnapshot): HeapSummary {
  const { node_fields: nf, node_types: nt, edge_fields: ef, edge_types: et } = raw.snapshot.meta;
  const N = nf.length;
  const E = ef.length;
  const [TYPE, NAME, SELF, EDGES] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const [ETYPE, ENAME, ETO] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f));
  const types = nt[0];
  const etypes = et[0];
  const { nodes, edges, strings } = raw;
  const label = (i: number): string => {
    const type = types[nodes[i + TYPE]];
    return type === 'object' || type === 'closure' || type === 'native' ? `${strings[nodes[i + NAME]]}${type === 'closure' ? '()' : ''}` : `(${type})`;
  };
  const byConstructor: Record<string, [number, number]> = {};
  const byRetainer: Record<string, number> = {};
  let totalBytes = 0;
  let e = 0;
  for (let i = 0; i < nodes.length; i += N) {
    const self = nodes[i + SELF];
    totalBytes += self;
    const k = label(i);
    const c = (byConstructor[k] ??= [0, 0]);
    c[0] += self;
    c[1] += 1;
    const from = label(i);
    for (let j = 0; j < nodes[i + EDGES]; j++, e += E) {
      const to = edges[e + ETO];
      const toType = types[nodes[to + TYPE]];
      if (!HELD.has(toType) && !strings[nodes[to + NAME]]?.startsWith('system / JSArrayBufferData')) continue;
      const etype = etypes[edges[e + ETYPE]];
      if (etype === 'weak' || etype === 'shortcut') continue;
      const name = etype === 'element' || etype === 'hidden' ? '[]' : String(strings[edges[e + ENAME]] ?? edges[e + ENAME]);
      const key = `${from}.${name}`;
      byRetainer[key] = (byRetainer[key] ?? 0) + nodes[to + SELF];
    }
  }
  return { byConstructor, byRetainer, totalBytes };
}

/** The `top` largest increases from a to b: constructors (bytes and count) and retainers (bytes). */
export function diffSummaries(a: HeapSummary, b: HeapSummary, top = 25): { total_delta_kb: number; constructors: string[]; retainers: string[] } {
  const kb = (x: number): string => (x / 1024).toFixed(1);
  const ctor = Object.keys({ ...a.byConstructor, ...b.byConstructor })
    .map((k) => {
      const [sa, ca] = a.byConstructor[k] ?? [0, 0];
      const [sb, cb] = b.byConstructor[k] ?? [0, 0];
      return { k, d: sb - sa, dc: cb - ca, sb };
    })
    .sort((x, y) => y.d - x.d)
    .slice(0, top)
    .map((x) => `${x.k}: +${kb(x.d)} kB (${x.dc >= 0 ? '+' : ''}${x.dc} objects; now ${kb(x.sb)} kB)`);
  const ret = Object.keys({ ...a.byRetainer, ...b.byRetainer })
    .map((k) => ({ k, d: (b.byRetainer[k] ?? 0) - (a.byRetainer[k] ?? 0), sb: b.byRetainer[k] ?? 0 }))
    .sort((x, y) => y.d - x.d)
    .slice(0, top)
    .map((x) => `${x.k}: +${kb(x.d)} kB (now ${kb(x.sb)} kB)`);
  return { total_delta_kb: Number(((b.totalBytes - a.totalBytes) / 1024).toFixed(1)), constructors: ctor, retainers: ret };
}
