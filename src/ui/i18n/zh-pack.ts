// Everything the UI shows in 简体中文, as one lazily loaded chunk (i18n.svelte.ts imports it on the first
// switch to zh): the message catalogue and the parallel tables of the big data registries.

import { BUG_TEXT_ZH } from '../../bugs/catalog-zh.ts';
import { LESSON_TEXT_ZH, PREDICTED_DIRECTIONS_ZH } from '../../bugs/lessons-zh.ts';
import { METRIC_TEXT_ZH, REFERENCE_LABEL_ZH } from '../../diagnostics/metric-text-zh.ts';
import { CHART_EXPLAINERS_ZH } from '../explain/chart-explainers-zh.ts';
import { zh } from './zh.ts';
import { FIELD_DOCS_ZH, FIELD_GROUPS_ZH, PRESET_TEXT_ZH } from '../../config/config-text-zh.ts';
import { HEALTH_CHECK_TITLES_ZH } from '../../diagnostics/health-checks-zh.ts';
import { HISTOGRAM_TITLES_ZH } from './chart-text-zh.ts';
import { HEALTH_TEXT_ZH, PROBLEM_PATTERNS_ZH } from './notices.zh.ts';
import { HANDOFF_TEXT_ZH } from '../../config/handoff-text-zh.ts';

export const ZH_PACK = {
  messages: zh,
  bugs: BUG_TEXT_ZH,
  lessons: LESSON_TEXT_ZH,
  directions: PREDICTED_DIRECTIONS_ZH,
  explainers: CHART_EXPLAINERS_ZH,
  metrics: METRIC_TEXT_ZH,
  referenceLabels: REFERENCE_LABEL_ZH,
  fieldDocs: FIELD_DOCS_ZH,
  fieldGroups: FIELD_GROUPS_ZH,
  presets: PRESET_TEXT_ZH,
  alertTitles: HEALTH_CHECK_TITLES_ZH,
  histogramTitles: HISTOGRAM_TITLES_ZH,
  problems: PROBLEM_PATTERNS_ZH,
  healthMessages: HEALTH_TEXT_ZH,
  handoffNotes: HANDOFF_TEXT_ZH,
};

export type ZhPack = typeof ZH_PACK;
