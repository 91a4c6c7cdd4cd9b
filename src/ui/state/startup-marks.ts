// performance.mark, once per name: the page's start-up phases (app mounted, worker spawned, first
// batch, first update shown), read by the bench's start-up profile (scripts/bench/startup-profile.ts).
// Once per name so a long session never grows the performance timeline.

const marked = new Set<string>();

export function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  globalThis.performance?.mark?.(`rlp:${name}`);
}
