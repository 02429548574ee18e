import type { KubeWatchEvent } from '../cluster/ClusterGateway';
import { pause } from '../async/pause';
import type { KubeObject, WatchedCollection } from '../state/WatchedCollection';

/** A cluster the fleet state has not discovered yet is looked for again this often. */
const UNDISCOVERED_RETRY_MS = 5_000;
/**
 * A collection not listed yet is looked at again after this long (its list wakes the wait at once;
 * a refusal, which adds nothing to the journal, is noticed by then).
 */
const UNLISTED_WAIT_MS = 5_000;
/** An idle journal is waited on for at most this long, so the deadline and signal are checked. */
const IDLE_WAIT_MS = 60_000;

/** Where a journal follower stores how far it got: the resource version of its last entry. */
export type JournalCursor = {
  get(): Promise<string | undefined>;
  set(resourceVersion: string): Promise<void>;
};

/**
 * Takes the changes of one journaled collection (the fleet state's canaries of one cluster) in
 * order, one at a time, until the deadline or the signal. Starts from the stored cursor: when the
 * journal still holds the entry with exactly that resource version, the entries after it are
 * replayed (a new recorder thus sees what happened while the old one died); otherwise (first start,
 * the journal moved past it, the collection was listed again) `reconcile` is given every object of
 * the collection as of one journal position, and the entries after that position follow. The
 * cursor is stored after each entry. Resolves at the deadline; throws when a handler fails or the
 * cluster refuses the collection to the plugin, so the caller tries again from the stored cursor.
 */
export async function followJournal(options: {
  /** The collection, looked up each time (undefined while its cluster is not discovered). */
  collection: () => WatchedCollection | undefined;
  cursor: JournalCursor;
  handle: (event: KubeWatchEvent<KubeObject>) => Promise<void>;
  reconcile: (objects: KubeObject[]) => Promise<void>;
  /** Called when the position was lost and the collection is reconciled (for the log). */
  onReconcile?: (why: 'start' | 'lost') => void;
  deadline: number;
  signal?: AbortSignal;
}): Promise<void> {
  const { deadline, signal, cursor } = options;
  const active = () => Date.now() < deadline && !signal?.aborted;
  const remaining = (ms: number) => Math.min(ms, deadline - Date.now());
  let stored = await cursor.get();
  let position: number | undefined;
  let lost = false;
  while (active()) {
    const collection = options.collection();
    const journal = collection?.journal;
    if (!collection || !journal) {
      await pause(remaining(UNDISCOVERED_RETRY_MS), signal);
      continue;
    }
    if (position === undefined) position = journal.find(stored);
    if (position === undefined) {
      const snapshot = collection.snapshot();
      if (!snapshot) {
        // Refused: as a failed list, the caller tries again with backoff. Absent or not listed
        // yet: its next list wakes the wait (an absent CRD is looked for every minute).
        if (collection.unavailable?.why === 'refused') {
          throw collection.unavailable.error;
        }
        await journal.next(remaining(UNLISTED_WAIT_MS), signal);
        continue;
      }
      options.onReconcile?.(lost ? 'lost' : 'start');
      await options.reconcile(snapshot.objects);
      position = snapshot.position;
      if (snapshot.resourceVersion) {
        stored = snapshot.resourceVersion;
        await cursor.set(stored);
      }
      lost = false;
    }
    const entries = journal.after(position);
    if (!entries) {
      // Listed again, or the oldest entries were dropped before they were taken: start over.
      position = undefined;
      stored = undefined;
      lost = true;
      continue;
    }
    if (!entries.length) {
      await journal.next(remaining(IDLE_WAIT_MS), signal);
      continue;
    }
    for (const entry of entries) {
      if (!active()) return;
      if (entry.type !== 'LISTED') {
        await options.handle({ type: entry.type, object: entry.object });
      }
      position = entry.seq;
      if (entry.resourceVersion) {
        stored = entry.resourceVersion;
        await cursor.set(stored);
      }
    }
  }
}
