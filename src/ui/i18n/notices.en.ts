// The notes of a config made safe to run (src/ui/state/config-edit.ts): what had to change besides what
// was asked, shown in the notice bar. notices.zh.ts mirrors it (typed, so a missing key fails). The
// link reader's problems and the health checks' messages come from their own tables (LINK_TEXT, HEALTH_TEXT),
// spread into en.ts beside this one.

export const noticesEn = {
  'notice.presetNoValues': 'Preset "{preset}" has no values for {env}; using "{fallback}".',
  'notice.bugsNotInAgent': 'Bugs not in {agent}: {bugs} (switched off).',
  'notice.unknownEnv': 'Unknown env "{env}"; using CartPole-v1.',
  'notice.agentCannotRun': 'Agent "{agent}" cannot run here ({why}); using random.',
  'notice.presetMissing': 'Preset "{preset}" does not exist for {agent} on {env}; using "{fallback}".',
  'notice.noSuchSetting': "Ignored set.{key}={value}: {agent} has no setting '{key}'.",
  'notice.badSettingValue': 'Ignored set.{key}={value}: {problem}.',
  'notice.unknownBugFor': 'Unknown bug "{bug}" for {agent} ignored.',
  'notice.misfit': "These settings do not fit together ({problems}); using the preset's values.",
  'notice.bugsCannotRun': 'The bugs cannot run here ({problems}); switched off.',
  'notice.presetReset': 'Your changed settings did not fit the new preset and were reset.',
  'notice.workerNoLoad': 'it could not load',
  'notice.envSettingUp': 'first state · setting up the run…',
  'notice.canvas': '{env}, live view',
  'notice.canvasEpisode': '{env}, live view; last episode return {ret}, length {length}',
  'notice.bugNeeds': 'Bug "{bug}" needs {requirement}; set {field}={value}.',
} as const satisfies Record<string, string>;
