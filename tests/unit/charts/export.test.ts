// Chart downloads: the CSV in TensorBoard's columns (a row per point, a column per run or key) and the
// chart as a standalone SVG built from the same scene the canvas paints.

import { describe, expect, it } from 'vitest';
import { METRIC } from '../../../src/diagnostics/metric-keys.ts';
import { buildChartSpecs } from '../../../src/ui/charts/chart-spec.ts';
import { chartCsv, chartFileName, columnNames, csvField, csvNumber, seriesCsv, type CsvSeries } from '../../../src/ui/charts/export-csv.ts';
import { sceneSvg, xmlEscape } from '../../../src/ui/charts/export-svg.ts';
import { MetricHistory } from '../../../src/ui/charts/metric-history.ts';
import { LIGHT_THEME } from '../../../src/ui/charts/palette.ts';
import { SceneBuilder } from '../../../src/ui/charts/scene.ts';
import type { TrainerBatch } from '../../../src/workers/protocol.ts';
import { scalarBatch, status } from './synthetic.ts';

const specOf = (keys: string[], id: string) => buildChartSpecs(keys).find((s) => s.id === id)!;

function series(run: string, key: string, steps: number[], values: number[]): CsvSeries {
  return { run, key, step: steps, wall: steps.map((s) => s / 10), value: values, length: steps.length };
}

describe('CSV', () => {
  it('one run, one key: wall_time,step,value and a row per point', () => {
    const h = new MetricHistory();
    h.ingest(scalarBatch([METRIC.entropy], 0, 7, (_k, i) => 0.69 - i / 100));
    const csv = chartCsv(h, specOf([METRIC.entropy], METRIC.entropy));
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('wall_time,step,value');
    expect(lines).toHaveLength(1 + 7);
    expect(lines[1]).toBe('0.01,1,0.69');
    expect(lines[7]).toBe(`0.07,7,${0.69 - 6 / 100}`);
  });

  it('several runs: a column per run label, rows merged on step, empty cells where a run has no point', () => {
    const h = new MetricHistory();
    h.addRun('a', { label: 'healthy' });
    h.addRun('b', { label: 'lr_too_high' });
    h.ingest(scalarBatch([METRIC.entropy], 0, 3, () => 0.5), 'a');
    h.ingest(scalarBatch([METRIC.entropy], 0, 2, () => 0.25), 'b');
    const lines = chartCsv(h, specOf([METRIC.entropy], METRIC.entropy)).trimEnd().split('\n');
    expect(lines).toEqual(['wall_time,step,healthy,lr_too_high', '0.01,1,0.5,0.25', '0.02,2,0.5,0.25', '0.03,3,0.5,']);
  });

  it('one run, two keys (KL k3 and k1): a column per key', () => {
    const h = new MetricHistory();
    h.ingest(scalarBatch([METRIC.approxKl, METRIC.oldApproxKl], 0, 4, (k, i) => (k === METRIC.approxKl ? i : -i)));
    const spec = specOf([METRIC.approxKl, METRIC.oldApproxKl], METRIC.approxKl);
    const lines = chartCsv(h, spec).trimEnd().split('\n');
    expect(lines[0]).toBe(`wall_time,step,${METRIC.approxKl},${METRIC.oldApproxKl}`);
    expect(lines).toHaveLength(5);
  });

  it('episodes: a row per finished episode, even when two end at the same step', () => {
    const h = new MetricHistory();
    const batch: TrainerBatch = {
      scalars: [],
      histograms: [],
      frames: [],
      episodes: [
        { step: 40, return: 20, length: 20, solved: false, envIndex: 0, terminated: true, truncated: false },
        { step: 40, return: 22, length: 22, solved: false, envIndex: 1, terminated: true, truncated: false },
        { step: 80, return: 35, length: 35, solved: false, envIndex: 0, terminated: true, truncated: false },
      ] as TrainerBatch['episodes'],
      alerts: [],
      errors: [],
      status: status(100, 1, 2),
    };
    h.ingest(batch);
    const lines = chartCsv(h, specOf([METRIC.episodicReturn], METRIC.episodicReturn)).trimEnd().split('\n');
    expect(lines[0]).toBe('wall_time,step,value');
    expect(lines.slice(1).map((l) => l.split(',').slice(1).join(','))).toEqual(['40,20', '40,22', '80,35']);
  });

  it('runs and keys both: run:key; repeated labels numbered; fields quoted; nan and inf as pandas reads them', () => {
    expect(columnNames([series('a', 'x', [1], [1]), series('b', 'y', [1], [1])])).toEqual(['a:x', 'b:y']);
    expect(columnNames([series('seed', 'x', [1], [1]), series('seed', 'x', [1], [1])])).toEqual(['seed', 'seed (2)']);
    expect(csvField('lr=1e-3, no clip')).toBe('"lr=1e-3, no clip"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect([NaN, Infinity, -Infinity, 1e-7].map(csvNumber)).toEqual(['nan', 'inf', '-inf', '1e-7']);
    expect(seriesCsv([series('a', 'x', [1, 2], [NaN, 3])])).toBe('wall_time,step,value\n0.1,1,nan\n0.2,2,3\n');
    expect(chartFileName(specOf([METRIC.entropy], METRIC.entropy), 'csv')).toBe('losses_entropy.csv');
  });
});

describe('SVG', () => {
  function scene(runs: number) {
    const h = new MetricHistory();
    for (let r = 0; r < runs; r++) {
      h.addRun(`r${r}`, { label: r === 0 ? 'healthy' : 'broken <lr>' });
      h.ingest(scalarBatch([METRIC.entropy], 0, 50, (_k, i) => 0.7 - i / 100 - r / 10), `r${r}`);
    }
    const spec = specOf([METRIC.entropy], METRIC.entropy);
    const sc = new SceneBuilder().build(h, spec, { xAxis: 'step', smoothing: 0.6, logY: false, width: 400, height: 180, episodeWindow: 20 });
    return { spec, sc };
  }

  it('is a vector chart: title, keys, axes tick labels, one path per drawn line, legend entries', () => {
    const { spec, sc } = scene(2);
    const legend = [
      { label: 'healthy', color: '#0072B2', dash: [] },
      { label: 'broken <lr>', color: '#D55E00', dash: [] },
    ];
    const svg = sceneSvg(sc, { title: spec.title, keys: spec.keys, legend, theme: LIGHT_THEME });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="400"')).toBe(true);
    expect(svg).not.toMatch(/<image|data:image/);
    expect(svg).toContain(`>${xmlEscape(spec.title)}</text>`);
    expect(svg).toContain(`>${METRIC.entropy}</text>`);
    expect(svg).toContain('>broken &lt;lr&gt;</text>');
    for (const t of sc.yTicks) expect(svg).toContain(`>${xmlEscape(sc.yFormat(t))}</text>`);
    for (const t of sc.xTicks) expect(svg).toContain(`>${xmlEscape(sc.xFormat(t))}</text>`);
    const lineItems = sc.items.filter((i) => i.kind === 'line').length;
    expect(lineItems).toBeGreaterThanOrEqual(2);
    expect(svg.match(/<path d="M[^"]*L[^"]*" fill="none" stroke="[^"]+" stroke-width/g)?.length).toBe(lineItems);
    // Every line coordinate lies on the plot the scene laid out (shifted below the header).
    const d = /<path d="(M[^"]*)" fill="none" stroke="#0072B2"/.exec(svg)![1];
    const xs = [...d.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(sc.plot.left - 1);
    expect(Math.max(...xs)).toBeLessThanOrEqual(sc.plot.right + 1);
  });

  it('an empty chart still has its title, and no plot', () => {
    const h = new MetricHistory();
    const spec = specOf([METRIC.entropy], METRIC.entropy);
    const sc = new SceneBuilder().build(h, spec, { xAxis: 'step', smoothing: 0, logY: false, width: 300, height: 150, episodeWindow: 20 });
    const svg = sceneSvg(sc, { title: spec.title, keys: [], legend: [], theme: LIGHT_THEME });
    expect(svg).toContain(spec.title);
    expect(svg).not.toContain('stroke-width="');
  });
});
