// One typed Svelte context per piece of page state (run, metrics, lab, history, chart guide): the key
// stays private to its getter and setter.

import { getContext, setContext } from 'svelte';

/** Set provides `value` to every component below the caller (call during component init); get reads the nearest ancestor's (undefined where none did). */
export function stateContext<T>(name: string): { get: () => T; set: (value: T) => T } {
  const key = Symbol(name);
  return { get: () => getContext<T>(key), set: (value) => setContext(key, value) };
}
