// MetricStore's own logic (the version counter) without the Svelte compiler: vitest runs in node with no
// Svelte plugin, so the `$state` rune is stood in for by the identity function before the module loads.
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC } from '../../../src/diagnostics/metric-keys.ts';
import type { MetricStore as Store } from '../../../src/ui/state/metrics.svelte.ts';
import { scalarBatch } from './synthetic.ts';

let MetricStore: typeof Store;

beforeAll(async () => {
  (globalThis as unknown as { $state: <T>(v: T) => T }).$state = (v) => v;
  ({ MetricStore } = await import('../../../src/ui/state/metrics.svelte.ts'));
});

describe('MetricStore', () => {
  it('bumps the version exactly once per ingest, also for a run it has not seen', () => {
    const s = new MetricStore();
    expect(s.version).toBe(0);
    s.ingest(scalarBatch([METRIC.entropy], 0, 5, () => 1), 'new-run');
    expect(s.version).toBe(1);
    s.ingest(scalarBatch([METRIC.entropy], 5, 5, () => 1), 'new-run');
    expect(s.version).toBe(2);
    expect(s.series('new-run', METRIC.entropy)!.length).toBe(10);
  });

  it('bumps on announce, new runs, relabels and removal, not on a no-op addRun', () => {
    const s = new MetricStore();
    s.announce([METRIC.entropy]);
    expect(s.version).toBe(1);
    s.addRun('b', { label: 'broken' });
    expect(s.version).toBe(2);
    s.addRun('b');
    expect(s.version).toBe(2);
    s.addRun('b', { label: 'lr_too_high' });
    expect(s.version).toBe(3);
    s.removeRun('b');
    s.clear();
    expect(s.version).toBe(5);
    expect(s.runs).toHaveLength(0);
  });
});
