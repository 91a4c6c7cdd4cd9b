// MetricStore: the MetricHistory it holds takes every change made through the store, and `version`
// moves once per change, so charts redraw exactly then (.svelte.test.ts: runes compile here too).
import { describe, expect, it } from 'vitest';
import { METRIC } from '../../../src/diagnostics/metric-keys.ts';
import { MetricStore } from '../../../src/ui/state/metrics.svelte.ts';
import { scalarBatch } from '../charts/synthetic.ts';
import { settle } from './fake-trainer.ts';

describe('MetricStore', () => {
  it('appends each batch to the run and bumps the version exactly once per ingest, also for a new run', () => {
    const s = new MetricStore();
    expect(s.version).toBe(0);
    s.ingest(scalarBatch([METRIC.entropy], 0, 5, () => 1), 'new-run');
    expect(s.version).toBe(1);
    s.ingest(scalarBatch([METRIC.entropy], 5, 5, () => 1), 'new-run');
    expect(s.version).toBe(2);
    expect(s.history.series('new-run', METRIC.entropy)!.length).toBe(10);
    expect(s.history.run('new-run')?.status?.envSteps).toBe(10);
  });

  it('bumps on announce, new runs, relabels and removal, not on a no-op addRun', () => {
    const s = new MetricStore();
    s.announce([METRIC.entropy]);
    expect(s.version).toBe(1);
    expect([...s.history.scalarKeys()]).toEqual([METRIC.entropy]);
    s.addRun('b', { label: 'broken' });
    expect(s.version).toBe(2);
    s.addRun('b');
    expect(s.version).toBe(2);
    s.addRun('b', { label: 'lr_too_high' });
    expect(s.version).toBe(3);
    expect(s.history.run('b')?.label).toBe('lr_too_high');
    s.removeRun('b');
    expect(s.version).toBe(4);
    expect(s.history.run('b')).toBeUndefined();
    s.clear();
    expect(s.version).toBe(5);
    expect(s.history.allRuns).toHaveLength(0);
  });

  it('hides a run from the drawn runs, bumping only when that changes', () => {
    const s = new MetricStore();
    s.addRun('a');
    s.addRun('b');
    const v = s.version;
    s.setHidden('b', true);
    expect(s.version).toBe(v + 1);
    expect(s.history.runs.map((r) => r.id)).toEqual(['a']);
    expect(s.history.allRuns.map((r) => r.id)).toEqual(['a', 'b']);
    s.setHidden('b', true);
    expect(s.version).toBe(v + 1);
    s.setHidden('b', false);
    expect(s.history.runs.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('re-runs an effect that reads the version after each change', async () => {
    const s = new MetricStore();
    const seen: number[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push(s.version);
      });
    });
    await settle();
    s.ingest(scalarBatch([METRIC.entropy], 0, 3, () => 2));
    await settle();
    s.addRun('other');
    await settle();
    stop();
    expect(seen).toEqual([0, 1, 2]);
  });
});
