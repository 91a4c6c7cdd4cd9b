// 简体中文 for chart words the metric tables do not hold: the histogram titles (chart-spec.ts's
// HISTOGRAM_TITLES), typed by histogram key so a missing one fails. Loaded lazily with the zh pack.

import type { HistogramKey } from '../../diagnostics/metric-keys.ts';

export const HISTOGRAM_TITLES_ZH: Readonly<Record<HistogramKey, string>> = {
  'histograms/weights': '权重',
  'histograms/gradients': '梯度',
  'histograms/activations': '激活值',
  'histograms/q_values': 'Q 值',
  'histograms/advantages': '优势',
  'histograms/value_targets': '价值目标',
  'histograms/ratio': '概率比',
};
