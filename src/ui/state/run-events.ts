// What a RunSession tells those who follow it (the app's charts, the bug lab): each start, the
// worker's batches, the run controls the user gave; and the listener sets that carry them.

import type { RunConfig } from '../../config/run-config.ts';
import type { InitResult, Speed, TrainerBatch } from '../../workers/protocol.ts';

/** A run started: `keep` says the charts keep what they have (a restart after a crash, into a new run id). */
export interface RunStart {
  init: InitResult;
  config: RunConfig;
  runId: string;
  keep: boolean;
}
export type BatchListener = (batch: TrainerBatch, runId: string) => void;
export type BatchesListener = (batches: TrainerBatch[], runId: string) => void;
export type StartListener = (start: RunStart) => void;
/** A run control the user gave (runs beside this one, e.g. the bug lab's healthy twin, follow it). */
export type ControlCommand = { kind: 'play' } | { kind: 'pause' } | { kind: 'step'; n: number } | { kind: 'speed'; speed: Speed };
export type ControlListener = (command: ControlCommand) => void;

/** Callbacks subscribed to one kind of event, each subscription returning its own unsubscribe. */
export class Listeners<Args extends unknown[]> {
  private readonly set = new Set<(...args: Args) => void>();

  add(listener: (...args: Args) => void): () => void {
    this.set.add(listener);
    return () => void this.set.delete(listener);
  }

  emit(...args: Args): void {
    for (const l of this.set) l(...args);
  }
}
