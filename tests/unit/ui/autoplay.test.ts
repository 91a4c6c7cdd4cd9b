// autoplay=1: an embed trains only while it is in view and its tab is visible; a reader's Pause holds.

import { describe, expect, it } from 'vitest';
import { autoplay, shouldPlay, type Playable } from '../../../src/ui/state/autoplay.ts';
import type { ControlCommand } from '../../../src/ui/state/run-events.ts';

function fakeSession(): Playable & { plays: number; pauses: number; press(kind: 'play' | 'pause'): void } {
  const listeners = new Set<(e: ControlCommand) => void>();
  const s = {
    playing: false,
    plays: 0,
    pauses: 0,
    play() {
      s.playing = true;
      s.plays++;
      for (const l of listeners) l({ kind: 'play' });
    },
    pause() {
      s.playing = false;
      s.pauses++;
      for (const l of listeners) l({ kind: 'pause' });
    },
    onControl(l: (e: ControlCommand) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    press(kind: 'play' | 'pause') {
      if (kind === 'play') s.play();
      else s.pause();
    },
  };
  return s;
}

function fakeDoc() {
  const handlers = new Set<() => void>();
  return {
    hidden: false,
    addEventListener: (_: string, h: () => void) => handlers.add(h),
    removeEventListener: (_: string, h: () => void) => handlers.delete(h),
    setHidden(this: { hidden: boolean }, v: boolean) {
      this.hidden = v;
      for (const h of handlers) h();
    },
    handlers,
  };
}

function setup() {
  const session = fakeSession();
  const doc = fakeDoc();
  let view: (v: boolean) => void = () => {};
  let observing = false;
  const stop = autoplay({} as Element, session, {
    doc: doc as unknown as Document,
    observe: (_el, cb) => {
      view = cb;
      observing = true;
      return () => (observing = false);
    },
  });
  return { session, doc, scroll: (v: boolean) => view(v), stop, observing: () => observing };
}

describe('autoplay', () => {
  it('decides from wanted, in view and page visible', () => {
    expect(shouldPlay(true, true, true)).toBe(true);
    expect(shouldPlay(true, false, true)).toBe(false);
    expect(shouldPlay(true, true, false)).toBe(false);
    expect(shouldPlay(false, true, true)).toBe(false);
  });

  it('plays in view, pauses out of view and while the tab is hidden', () => {
    const t = setup();
    expect(t.session.playing).toBe(false);
    t.scroll(true);
    expect(t.session.playing).toBe(true);
    t.scroll(false);
    expect(t.session.playing).toBe(false);
    t.scroll(true);
    t.doc.setHidden(true);
    expect(t.session.playing).toBe(false);
    t.doc.setHidden(false);
    expect(t.session.playing).toBe(true);
  });

  it("a reader's Pause holds across scrolling until they press Play", () => {
    const t = setup();
    t.scroll(true);
    t.session.press('pause');
    t.scroll(false);
    t.scroll(true);
    expect(t.session.playing).toBe(false);
    t.session.press('play');
    t.scroll(false);
    expect(t.session.playing).toBe(false);
    t.scroll(true);
    expect(t.session.playing).toBe(true);
  });

  it('the cleanup stops observing', () => {
    const t = setup();
    t.stop();
    expect(t.observing()).toBe(false);
    expect(t.doc.handlers.size).toBe(0);
  });
});
