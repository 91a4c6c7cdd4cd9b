// performance.mark, once per name: the worker's start-up phases (worker loaded, backend chosen, first
// update, first flush of it), read by the bench's start-up profile (scripts/bench/startup-profile.ts).
// Once per name so a long run never grows the performance timeline.

const marked = new Set<string>();

export function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  globalThis.performance?.mark?.(`rlp:${name}`);
}
