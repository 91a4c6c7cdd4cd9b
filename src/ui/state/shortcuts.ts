// Keyboard shortcuts of the run controls: Space play/pause, N one update, R reset, ? this list.
// Never while the user types, and Space never on a control that Space already operates (it would act twice).

import type { MessageKey } from '../i18n/en.ts';

export type Shortcut = 'toggle' | 'step' | 'reset' | 'help';

/** The shortcuts as the "?" overlay lists them (one definition: shortcutFor below maps the same keys); `what` is the catalogue's key. */
export const SHORTCUTS: readonly { keys: readonly string[]; action: Shortcut; what: MessageKey }[] = [
  { keys: ['Space'], action: 'toggle', what: 'shortcuts.toggle' },
  { keys: ['N'], action: 'step', what: 'shortcuts.step' },
  { keys: ['R'], action: 'reset', what: 'shortcuts.reset' },
  { keys: ['?'], action: 'help', what: 'shortcuts.help' },
  { keys: ['Esc'], action: 'help', what: 'shortcuts.close.what' },
];

/** The parts of a KeyboardEvent the decision needs (so it can be tested without a DOM). */
export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  repeat?: boolean;
  target: { tagName?: string; isContentEditable?: boolean; getAttribute?: (name: string) => string | null } | null;
}

const TEXT_ENTRY = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const SPACE_OPERATED = new Set(['BUTTON', 'A', 'SUMMARY', 'INPUT', 'TEXTAREA', 'SELECT']);
const SPACE_ROLES = new Set(['button', 'switch', 'checkbox', 'radio', 'tab', 'menuitem', 'option', 'slider']);

function isTyping(t: KeyLike['target']): boolean {
  return t !== null && (TEXT_ENTRY.has(t.tagName ?? '') || t.isContentEditable === true);
}

function spaceOperates(t: KeyLike['target']): boolean {
  if (t === null) return false;
  if (SPACE_OPERATED.has(t.tagName ?? '') || t.isContentEditable === true) return true;
  return SPACE_ROLES.has(t.getAttribute?.('role') ?? '');
}

export function shortcutFor(e: KeyLike): Shortcut | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === ' ' || e.key === 'Spacebar') return e.repeat || spaceOperates(e.target) ? null : 'toggle';
  if (isTyping(e.target)) return null;
  if (e.key === 'n' || e.key === 'N') return 'step';
  if ((e.key === 'r' || e.key === 'R') && !e.repeat) return 'reset';
  if (e.key === '?' && !e.repeat) return 'help';
  return null;
}
