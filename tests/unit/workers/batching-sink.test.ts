import { describe, expect, it } from 'vitest';
import { BatchingSink } from '../../../src/workers/batching-sink.ts';

describe('BatchingSink', () => {
  it('accumulates scalars per key in columns and drains them as transferable copies', () => {
    let wall = 0;
    const sink = new BatchingSink(() => wall);
    for (let i = 0; i < 200; i++) {
      wall = i / 10;
      sink.at(i * 4, i);
      sink.scalar('losses/entropy', 0.69 - i * 0.001);
      if (i % 2 === 0) sink.scalar('losses/approx_kl', i);
    }
    const d = sink.drain();
    const ent = d.scalars.find((s) => s.key === 'losses/entropy')!;
    const kl = d.scalars.find((s) => s.key === 'losses/approx_kl')!;
    expect(ent.value.length).toBe(200);
    expect(kl.value.length).toBe(100);
    expect(ent.step[199]).toBe(796);
    expect(ent.update[199]).toBe(199);
    expect(ent.wall[199]).toBeCloseTo(19.9);
    expect(ent.value[199]).toBeCloseTo(0.69 - 0.199);
    expect(kl.step[1]).toBe(8);
    // Every column has its own buffer, exactly as long as its data: safe to transfer.
    const buffers = new Set(d.transfer);
    expect(buffers.size).toBe(8);
    expect(ent.value.buffer.byteLength).toBe(200 * 8);
    // Drained: the next drain has nothing until new points arrive.
    expect(sink.pending).toBe(false);
    expect(sink.drain().scalars).toEqual([]);
    sink.scalar('losses/entropy', 1);
    expect(sink.drain().scalars[0].value).toEqual(new Float64Array([1]));
  });

  it('drains only what was recorded up to a step limit and keeps the rest, in order', () => {
    const sink = new BatchingSink(() => 0, 4);
    for (let step = 1; step <= 10; step++) {
      sink.at(step * 10, 0);
      sink.scalar('charts/SPS', step);
      sink.episode({ envIndex: 0, return: step, length: 1, terminated: true, truncated: false, solved: false });
      sink.histogram('weights/0', [step, step + 1]);
    }
    const first = sink.drain(35);
    expect(Array.from(first.scalars.find((c) => c.key === 'charts/SPS')!.value)).toEqual([1, 2, 3]);
    expect(first.episodes.map((e) => e.return)).toEqual([1, 2, 3]);
    expect(first.histograms.map((h) => h.step)).toEqual([10, 20, 30]);
    expect(sink.releasedEpisodes).toBe(3);
    expect(sink.episodeCount).toBe(10);
    expect(sink.drain(35).scalars).toEqual([]);
    const rest = sink.drain();
    expect(Array.from(rest.scalars.find((c) => c.key === 'charts/SPS')!.step)).toEqual([40, 50, 60, 70, 80, 90, 100]);
    expect(rest.episodes.map((e) => e.step)).toEqual([40, 50, 60, 70, 80, 90, 100]);
    expect(sink.releasedEpisodes).toBe(10);
  });

  it('reports the first non-finite scalar with its update and step, except NaN explained variance', () => {
    const sink = new BatchingSink(() => 0);
    sink.at(128, 3);
    sink.scalar('losses/explained_variance', NaN);
    expect(sink.takeNonFinite()).toBeNull();
    sink.scalar('losses/value_loss', 1.5);
    sink.at(256, 4);
    sink.scalar('losses/value_loss', Infinity);
    sink.scalar('losses/policy_loss', NaN);
    expect(sink.takeNonFinite()).toEqual({ key: 'losses/value_loss', update: 4, step: 256 });
    expect(sink.takeNonFinite()).toBeNull();
    // The point is still recorded as it is.
    const vl = sink.drain().scalars.find((s) => s.key === 'losses/value_loss')!;
    expect(Array.from(vl.value)).toEqual([1.5, Infinity]);
  });

  it('records episodes with their env step, counts them and emits the episodic scalars', () => {
    const sink = new BatchingSink(() => 0);
    sink.at(40, 0);
    sink.episode({ envIndex: 1, return: 22, length: 22, terminated: true, truncated: false, solved: false });
    expect(sink.episodeCount).toBe(1);
    const d = sink.drain();
    expect(d.episodes).toEqual([{ envIndex: 1, return: 22, length: 22, terminated: true, truncated: false, solved: false, step: 40 }]);
    expect(d.scalars.map((s) => s.key).sort()).toEqual(['charts/episodic_length', 'charts/episodic_return']);
  });

  it('bins histogram snapshots and skips ones with nothing finite', () => {
    const sink = new BatchingSink(() => 0, 4);
    sink.at(10, 1);
    sink.histogram('weights/0', [0, 1, 2, 3, 4, 5, 6, 7]);
    sink.histogram('grads/0', [NaN, NaN]);
    const d = sink.drain();
    expect(d.histograms).toHaveLength(1);
    const h = d.histograms[0];
    expect(h).toMatchObject({ key: 'weights/0', step: 10, update: 1, min: 0, max: 7 });
    expect(Array.from(h.counts)).toEqual([2, 2, 2, 2]);
    expect(d.transfer).toContain(h.counts.buffer);
  });
});
