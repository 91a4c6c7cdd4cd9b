import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor, type KeyLike } from '../../../src/ui/state/shortcuts.ts';

const on = (tagName: string, extra: Partial<KeyLike['target']> = {}): KeyLike['target'] => ({ tagName, getAttribute: () => null, ...extra });
const key = (k: string, target: KeyLike['target'] = on('BODY'), mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, target, ...mods });

describe('shortcutFor', () => {
  it('maps Space, N and R on the page', () => {
    expect(shortcutFor(key(' '))).toBe('toggle');
    expect(shortcutFor(key('n'))).toBe('step');
    expect(shortcutFor(key('N'))).toBe('step');
    expect(shortcutFor(key('r'))).toBe('reset');
    expect(shortcutFor(key('x'))).toBeNull();
  });

  it('opens the shortcut list with ?, which lists every key shortcutFor maps', () => {
    expect(shortcutFor(key('?'))).toBe('help');
    expect(shortcutFor(key('?', on('INPUT')))).toBeNull();
    for (const s of SHORTCUTS.filter((x) => x.keys[0] !== 'Esc')) {
      const k = s.keys[0] === 'Space' ? ' ' : s.keys[0].toLowerCase();
      expect(shortcutFor(key(k)), s.keys[0]).toBe(s.action);
    }
  });

  it('does nothing while typing', () => {
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) {
      expect(shortcutFor(key('r', on(tag)))).toBeNull();
      expect(shortcutFor(key(' ', on(tag)))).toBeNull();
    }
    expect(shortcutFor(key('n', on('DIV', { isContentEditable: true })))).toBeNull();
  });

  it('leaves Space to the control that has focus (it would act twice)', () => {
    expect(shortcutFor(key(' ', on('BUTTON')))).toBeNull();
    expect(shortcutFor(key(' ', on('DIV', { getAttribute: (n: string) => (n === 'role' ? 'switch' : null) })))).toBeNull();
    // N and R still work from a focused button.
    expect(shortcutFor(key('n', on('BUTTON')))).toBe('step');
  });

  it('ignores modified keys and held-down Space / R', () => {
    expect(shortcutFor(key('r', on('BODY'), { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('n', on('BODY'), { metaKey: true }))).toBeNull();
    expect(shortcutFor(key(' ', on('BODY'), { repeat: true }))).toBeNull();
    expect(shortcutFor(key('r', on('BODY'), { repeat: true }))).toBeNull();
    expect(shortcutFor(key('n', on('BODY'), { repeat: true }))).toBe('step');
  });
});
