// The run history in IndexedDB. Two object stores: `runs` (one small record per run: what the list
// shows) and `chunks` (the series, written as the run trains, a few seconds of new points each, and
// compacted now and then into one decimated chunk). Every write is one transaction over both stores,
// aborted as a whole on any error, so a failed write (quota, a closing tab) leaves every run as it was.
//
// `idb` (Jake Archibald's ~1 kB promise wrapper over IndexedDB, the de-facto standard one) instead of
// raw IDBRequest callbacks: transactions read as straight-line async code, and `tx.done` tells us
// reliably whether the whole transaction committed.

import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { decimateEpisodes, decimateSeries, mergeEpisodes, mergeSeries, thinHistograms } from './decimate.ts';
import { MAX_POINTS_PER_KEY, emptyEpisodes, type RunMeta, type StoredEpisodes, type StoredHistogram, type StoredRun, type StoredSeries } from './types.ts';

export const HISTORY_DB = 'rl-playground-history';

/** New points of a run since its last write. */
export interface ChunkData {
  scalars: StoredSeries[];
  episodes: StoredEpisodes;
  histograms: StoredHistogram[];
}

interface ChunkRecord extends ChunkData {
  runId: string;
  seq: number;
}

interface MetaRecord extends RunMeta {
  /** seq of the next chunk, and how many chunks the run has now (compaction folds them into one). */
  nextSeq: number;
  chunkCount: number;
}

interface HistorySchema extends DBSchema {
  runs: { key: string; value: MetaRecord };
  chunks: { key: [string, number]; value: ChunkRecord };
}

type Db = IDBPDatabase<HistorySchema>;
type Tx = IDBPTransaction<HistorySchema, StoreNames<HistorySchema>[], 'readwrite'>;

/** What the recorder changes on each write (the learner's fields — name, notes, model — are left alone). */
export type RecorderPatch = Partial<Pick<RunMeta, 'config' | 'backend' | 'wallS' | 'envSteps' | 'updates' | 'finalReturn' | 'sparkline' | 'alerts'>>;
/** What the learner changes from the history panel. */
export type UserPatch = Partial<Pick<RunMeta, 'name' | 'notes' | 'model'>>;

/** Storage used and available to this origin, from navigator.storage.estimate() (null where unsupported). */
export interface StorageUse {
  usage: number;
  quota: number;
}

/** A write failed: `quota` says the browser's storage for this site is full. */
export class HistoryWriteError extends Error {
  constructor(
    message: string,
    readonly quota: boolean,
  ) {
    super(message);
  }
}

function describe(e: unknown): HistoryWriteError {
  if (e instanceof HistoryWriteError) return e;
  const name = (e as { name?: unknown } | null)?.name;
  const quota = name === 'QuotaExceededError';
  const detail = e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e) ? String((e as { message: unknown }).message) : String(e);
  return new HistoryWriteError(quota ? 'the browser storage for this site is full' : detail || String(name ?? 'unknown error'), quota);
}

const chunkRange = (id: string): IDBKeyRange => IDBKeyRange.bound([id, -Infinity], [id, Infinity]);

function stripMeta(m: MetaRecord): RunMeta {
  const { nextSeq: _n, chunkCount: _c, ...meta } = m;
  return meta;
}

/** The chunks of a run folded into one, at storage resolution. */
function fold(chunks: readonly ChunkData[]): ChunkData {
  return {
    scalars: mergeSeries(chunks.flatMap((c) => c.scalars)).map((s) => decimateSeries(s, MAX_POINTS_PER_KEY)),
    episodes: decimateEpisodes(chunks.length ? mergeEpisodes(chunks.map((c) => c.episodes)) : emptyEpisodes(), MAX_POINTS_PER_KEY),
    histograms: thinHistograms(chunks.flatMap((c) => c.histograms)),
  };
}

export class HistoryStore {
  constructor(private readonly db: Db) {}

  close(): void {
    this.db.close();
  }

  /** Every run, newest first (no series). */
  async list(): Promise<RunMeta[]> {
    const all = await this.db.getAll('runs');
    return all.map(stripMeta).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** One run with its series folded and decimated; undefined when there is none with this id. */
  async load(id: string): Promise<StoredRun | undefined> {
    const tx = this.db.transaction(['runs', 'chunks'], 'readonly');
    const [meta, chunks] = await Promise.all([tx.objectStore('runs').get(id), tx.objectStore('chunks').getAll(chunkRange(id)), tx.done]);
    if (!meta) return undefined;
    return { ...stripMeta(meta), ...fold(chunks) };
  }

  /**
   * One write of a training run: create its record from `fresh` if it has none, apply `patch`, and add
   * `chunk` (new points). Returns the run's chunk count after the write (the caller compacts when many).
   */
  async record(fresh: RunMeta, patch: RecorderPatch, chunk: ChunkData | null): Promise<number> {
    return this.write(async (tx) => {
      const runs = tx.objectStore('runs');
      const old = await runs.get(fresh.id);
      const meta: MetaRecord = { ...(old ?? { ...fresh, nextSeq: 0, chunkCount: 0 }), ...patch };
      if (chunk) {
        await tx.objectStore('chunks').put({ runId: fresh.id, seq: meta.nextSeq, ...chunk });
        meta.nextSeq++;
        meta.chunkCount++;
      }
      await runs.put(meta);
      return meta.chunkCount;
    });
  }

  /** Fold a run's chunks into one decimated chunk (one transaction: all or nothing). */
  async compact(id: string): Promise<void> {
    await this.write(async (tx) => {
      const runs = tx.objectStore('runs');
      const chunks = tx.objectStore('chunks');
      const meta = await runs.get(id);
      if (!meta || meta.chunkCount <= 1) return;
      const all = await chunks.getAll(chunkRange(id));
      await chunks.delete(chunkRange(id));
      await chunks.put({ runId: id, seq: meta.nextSeq - 1, ...fold(all) });
      await runs.put({ ...meta, chunkCount: 1 });
    });
  }

  /** Add a whole run (an imported file) under its id; throws if one with that id exists. */
  async add(run: StoredRun): Promise<void> {
    const { scalars, episodes, histograms, ...meta } = run;
    await this.write(async (tx) => {
      const runs = tx.objectStore('runs');
      if (await runs.get(meta.id)) throw new HistoryWriteError(`a run with id ${meta.id} exists`, false);
      await tx.objectStore('chunks').put({ runId: meta.id, seq: 0, ...fold([{ scalars, episodes, histograms }]) });
      await runs.put({ ...meta, nextSeq: 1, chunkCount: 1 });
    });
  }

  /** Rename, write the journal, link a saved model. Resolves false when the run is not stored (yet). */
  async update(id: string, patch: UserPatch): Promise<boolean> {
    return this.write(async (tx) => {
      const runs = tx.objectStore('runs');
      const meta = await runs.get(id);
      if (!meta) return false;
      await runs.put({ ...meta, ...patch });
      return true;
    });
  }

  async remove(id: string): Promise<void> {
    await this.write(async (tx) => {
      await tx.objectStore('chunks').delete(chunkRange(id));
      await tx.objectStore('runs').delete(id);
    });
  }

  /** Run `work` in one readwrite transaction over both stores; on any error the transaction is aborted and a HistoryWriteError thrown. */
  private async write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    let tx: Tx;
    try {
      tx = this.db.transaction(['runs', 'chunks'], 'readwrite');
    } catch (e) {
      throw describe(e);
    }
    try {
      const out = await work(tx);
      await tx.done;
      return out;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // Already aborted by the error itself, or finished.
      }
      await tx.done.catch(() => {});
      throw describe(tx.error ?? e);
    }
  }
}

/** Open (creating on first use) the history database. */
export async function openHistory(name = HISTORY_DB): Promise<HistoryStore> {
  const db = await openDB<HistorySchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('runs', { keyPath: 'id' });
      db.createObjectStore('chunks', { keyPath: ['runId', 'seq'] });
    },
    // Another tab opens a newer version of the database: let it (this tab's later writes then fail, and
    // each failure is reported with the runs left as they were) rather than leave that tab blocked.
    blocking(_current, _wanted, event) {
      (event.target as IDBDatabase).close();
    },
  });
  return new HistoryStore(db);
}

/** navigator.storage.estimate(), or null where the browser does not offer it. */
export async function storageUse(): Promise<StorageUse | null> {
  try {
    const e = await globalThis.navigator?.storage?.estimate?.();
    if (!e || typeof e.usage !== 'number' || typeof e.quota !== 'number' || !(e.quota > 0)) return null;
    return { usage: e.usage, quota: e.quota };
  } catch {
    return null;
  }
}

/** A run id that does not need a secure context (crypto.randomUUID does). */
export function newRunId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return `${Date.now().toString(36)}-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
