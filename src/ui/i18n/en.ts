// English strings: the reference catalogue. Every key here must exist in zh.ts (the type there
// says so, and tests/unit/ui/i18n.test.ts checks placeholders match). Keys are dotted by area;
// `{name}` marks a parameter filled by t(key, { name }).
//
// Each area keeps its own section so several people can add strings without touching each other's.

import { learnerEn } from './learner.en.ts';
import { historyEn } from './history.en.ts';
import { controlsEn } from './controls.en.ts';
import { noticesEn } from './notices.en.ts';
import { LINK_TEXT } from '../../config/url-codec.ts';

export const en = {
  // ---- core (header, run controls) ----
  'lang.label': 'Language',
  'lang.en': 'English',
  'lang.zh': '中文',
  'core.header.env': 'env',
  'core.header.agent': 'agent',
  'core.header.preset': 'preset',
  'core.header.seed': 'seed',
  'core.header.backend': 'backend',
  'core.header.theme': 'theme',
  'core.header.setup': 'Setup: {preset} · seed {seed} · {backend}',
  'core.header.notYet': '{agent} (not yet)',
  'core.header.help': 'Keyboard shortcuts',
  'core.theme.system': 'system',
  'core.theme.light': 'light',
  'core.theme.dark': 'dark',
  'core.preset.about': 'About the preset {label}',
  'core.backend.measuring': 'measuring…',
  'core.backend.starting': 'starting…',
  'core.backend.using': 'The backend tfjs is using',
  'core.backend.forced': '(forced)',
  'core.backend.auto': 'auto: {best} {train} ms/train step (forward {forward} ms)',
  'core.backend.timings': 'Backend timings',
  'core.backend.autoMeasuring': 'auto: training on {backend} while every backend is timed…',
  'core.share.share': 'Share',
  'core.share.embed': 'Embed',
  'core.share.copied': 'Copied',
  'core.share.linkTitle': 'Copy a link that reproduces this run',
  'core.share.embedTitle': 'Copy an <iframe> for a blog post',
  'core.share.copiedStatus': 'Copied to the clipboard',
  // ---- learner (issue 11: explainers, lessons, probe check) ----
  ...learnerEn,
  // ---- history (issue 12: history, journal, export/import) ----
  ...historyEn,
  // ---- controls (issue 11: play controls, chart controls, compare, shortcuts, notices, alerts) ----
  ...controlsEn,
  // ---- notices (issue 11: a link's problems, config notes; LINK_TEXT lives beside its producer; health messages: src/ui/i18n/health-text.ts) ----
  ...noticesEn,
  ...LINK_TEXT,
  // ---- publish (issue 12: chart downloads, hand-off, embeds) ----
  'publish.share': 'Share',
  'publish.shareTitle': 'Copy a link that reproduces this run',
  'publish.linkPrompt': 'Link to this run:',
  'publish.copied': 'Copied',
  'publish.copiedLong': 'Copied to the clipboard',
  'publish.embed': 'Embed',
  'publish.embedButtonTitle': 'Build an <iframe> for a blog post',
  'publish.embedTitle': 'Embed this run',
  'publish.close': 'Close',
  'publish.width': 'Width',
  'publish.height': 'Height',
  'publish.heightFit': 'Fit content',
  'publish.autoplay': 'Autoplay when in view',
  'publish.autoplayHint': 'With autoplay, the embed trains only while it is scrolled into view and its tab is visible: a post with several embeds trains just the ones being read.',
  'publish.charts': 'Charts',
  'publish.preview': 'Preview of the embed',
  'publish.snippet': 'Snippet to paste into your page',
  'publish.copySnippet': 'Copy snippet',
  'publish.openInPlayground': 'Open in playground',
  'publish.download': 'Download',
  'publish.downloadCsv': 'Download CSV',
  'publish.downloadPng': 'Download PNG',
  'publish.downloadSvg': 'Download SVG',
  'publish.downloadFailed': 'Download failed: {error}',
  'publish.notDrawn': 'the chart has not been drawn yet',
  'publish.handoff': 'Run this at scale',
  'publish.handoffButtonTitle': 'The same run as a CleanRL command and rl-baselines3-zoo YAML',
  'publish.handoffTitle': 'Run this at scale',
  'publish.handoffLead': 'The same hyperparameters for CleanRL and for rl-baselines3-zoo (Stable-Baselines3), to train on a GPU or over many seeds.',
  'publish.handoffAgents': 'The hand-off covers PPO and DQN runs.',
  'publish.copyCommand': 'Copy command',
  'publish.copyYaml': 'Copy YAML',
  'publish.noEquivalent': 'No equivalent there',
  'publish.allEquivalent': 'Every setting of this run has an equivalent.',
  'publish.playgroundOnly': 'Left out of both as playground-only:',
  // ---- mbrl (issue 13) ----
  'mbrl.imagination.title': 'What the model imagines',
  'mbrl.imagination.waiting': 'No plan yet: the agent acts randomly until its model has trained once.',
  'mbrl.imagination.generation': 'CEM iteration {g} of {n}',
  'mbrl.imagination.summary': 'Best predicted return {best}. Over the last {w} steps the model’s prediction of the executed actions ended {gap} from what happened.',
  'mbrl.now': 'now',
  'mbrl.legend.candidates': 'candidates (pale: low return, blue: high)',
  'mbrl.legend.elites': 'elites',
  'mbrl.legend.plan': 'chosen plan',
  'mbrl.legend.actual': 'env, executed actions',
  'mbrl.legend.predicted': 'model’s prediction of them',
  'mbrl.component.pendulum': 'pendulum angle θ (rad)',
  'mbrl.component.cartpole': 'pole angle θ (rad)',
  'mbrl.component.car': 'car position x',
  'mbrl.errors.title': 'Where is the model wrong? One-step errors sorted along the same state',
  'mbrl.errors.waiting': 'Measured from the second training on, on the transitions the model has not trained on yet.',
  'mbrl.errors.summary': 'Largest one-step error {error} (log scale, state-std² units) at {component} = {at}.',
  // ---- faults (issue 15) ----
  'faults.nonFinite.head': 'Training paused: a metric went non-finite.',
  'faults.nonFinite.where': 'became NaN or ±∞ at update {update} (env step {step}).',
  'faults.nonFinite.hint': 'Its chart shows the last finite values; the cause is usually a learning rate that is too high or a loss that is not averaged.',
  'faults.crashed': 'Training stopped: an error',
  'faults.refused': 'The worker refused a command',
  'faults.stack': 'stack',
  'faults.reset': 'Reset',
  'faults.restart': 'Restart',
  'faults.restartTitle': 'A fresh run with the same settings; the charts keep what they drew',
  'faults.workerFailed': 'The training worker failed: {reason}',
  'faults.companion.nonFinite': '{run} (seed {seed}) paused: {key} became NaN or ±∞ at update {update}. The other runs go on.',
  'faults.companion.error': '{run} (seed {seed}) stopped: {message} The other runs go on.',
  'faults.dismiss': 'Dismiss',
  'faults.workerSilent': 'The training worker stopped responding for {seconds} s (the browser may have ended it, for example when memory ran out). The charts keep what they drew.',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
