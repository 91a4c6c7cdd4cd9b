// `autoplay=1` in an embed: train while the iframe is in view and its tab visible, pause otherwise,
// so a post with five embeds trains only the ones a reader is looking at. A reader's own Pause wins
// until they press Play again. IntersectionObserver's implicit root is the top-level viewport, so
// inside an <iframe> it reports whether the iframe itself is scrolled into the host page's view.

import type { ControlCommand } from './run-events.ts';

export interface Playable {
  playing: boolean;
  play(): void;
  pause(): void;
  onControl(listener: (e: ControlCommand) => void): () => void;
}

/** The decision alone: play when wanted, in view and the page visible. */
export function shouldPlay(wanted: boolean, inView: boolean, pageVisible: boolean): boolean {
  return wanted && inView && pageVisible;
}

export interface AutoplayOptions {
  /** Called when the in-view / page-visible state changes (for data-* attributes). */
  onState?: (s: { inView: boolean; pageVisible: boolean }) => void;
  observe?: (el: Element, cb: (inView: boolean) => void) => () => void;
  doc?: Pick<Document, 'hidden' | 'addEventListener' | 'removeEventListener'>;
}

function intersection(el: Element, cb: (inView: boolean) => void): () => void {
  const io = new IntersectionObserver((entries) => cb(entries[entries.length - 1].isIntersecting), { threshold: 0.01 });
  io.observe(el);
  return () => io.disconnect();
}

/** Start following `el`'s visibility; returns the cleanup. */
export function autoplay(el: Element, session: Playable, opts: AutoplayOptions = {}): () => void {
  const doc = opts.doc ?? document;
  let inView = false;
  let wanted = true;
  let applying = false;
  const apply = (): void => {
    const play = shouldPlay(wanted, inView, !doc.hidden);
    if (play === session.playing) return;
    applying = true;
    if (play) session.play();
    else session.pause();
    applying = false;
  };
  const report = (): void => opts.onState?.({ inView, pageVisible: !doc.hidden });
  // The reader's own Play / Pause / Step (made while the embed is on screen) sets what autoplay wants.
  const offControl = session.onControl((e) => {
    if (applying || !inView || doc.hidden) return;
    if (e.kind === 'play') wanted = true;
    else if (e.kind === 'pause' || e.kind === 'step') wanted = false;
  });
  const offView = (opts.observe ?? intersection)(el, (v) => {
    inView = v;
    report();
    apply();
  });
  const onVisibility = (): void => {
    report();
    apply();
  };
  doc.addEventListener('visibilitychange', onVisibility);
  return () => {
    offControl();
    offView();
    doc.removeEventListener('visibilitychange', onVisibility);
  };
}
