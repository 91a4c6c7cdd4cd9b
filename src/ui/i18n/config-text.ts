// The hyperparameter panel's schema text in the UI's language: a field's doc, a field group, a
// preset's label and paragraph. English lives in the schemas (src/config/*-config.ts); 简体中文 in
// src/config/config-text-zh.ts, reached through the loaded zh pack. Calls read the locale.

import type { AgentId } from '../../config/run-config.ts';
import type { FieldSchema, Preset } from '../../config/schema.ts';
import { activeZh } from './i18n.svelte.ts';

export function fieldDoc(agent: AgentId, field: FieldSchema): string {
  const docs = activeZh()?.fieldDocs as Readonly<Record<string, Readonly<Record<string, string>>>> | undefined;
  return docs?.[agent]?.[field.key] ?? field.doc;
}

export function fieldGroup(group: string): string {
  return activeZh()?.fieldGroups[group] ?? group;
}

export function presetText(agent: AgentId, preset: Preset): { label: string; doc: string } {
  return activeZh()?.presets[agent]?.[preset.id] ?? { label: preset.label, doc: preset.doc };
}
