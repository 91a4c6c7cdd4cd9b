// Start-up work spread over tasks (issue 14 goal 5: no main-thread task over 50 ms). Mounting the page
// and starting each lazy chunk's load in one task made it one long task: Vite's preload helper adds a
// <link> for every chunk and stylesheet a dynamic import() needs, ~25 of them across the panels.
// `later(load)` starts such a load in a task of its own, after the caller's, one per task, in the order
// asked; what the load then fetches and mounts arrives in tasks of its own as before.

type Scheduler = { yield?: () => Promise<void> };

/** Resolves in a later task than the caller's (scheduler.yield where the browser has it: it keeps its turn). */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

let tail: Promise<void> = Promise.resolve();

/**
 * Calls `load` in a later task than the caller's, each queued call in a task of its own, in the order
 * asked, and settles as the promise `load` returns does. Only the start is queued: a slow load does not
 * hold back the next one.
 */
export function later<T>(load: () => Promise<T>): Promise<T> {
  // Boxed so that awaiting the start does not wait for the load itself.
  const started = tail.then(nextTask).then(() => ({ result: load() }));
  tail = started.then(
    () => undefined,
    () => undefined,
  );
  return started.then((s) => s.result);
}

/** Resolves once every call to `later` made so far has started (a deferred chart or panel queued now has mounted). */
export function drained(): Promise<void> {
  return tail;
}
