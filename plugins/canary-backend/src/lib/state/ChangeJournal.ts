import type { KubeObject } from './WatchedCollection';

/** Default bound: entries kept per journal (a change's object is shared with the collection). */
export const DEFAULT_JOURNAL_MAX_ENTRIES = 10_000;
/** Default bound: how long an entry is kept once newer ones arrive. */
export const DEFAULT_JOURNAL_MAX_AGE_MS = 10 * 60_000;

/**
 * One thing a collection's watch did, in the order it did it. `LISTED` starts the journal again:
 * the collection was (re)listed, and what happened before the list is no longer known in order.
 */
export type JournalEntry =
  | {
      /** Position in the journal; only compared within the same journal. */
      seq: number;
      type: 'LISTED';
      resourceVersion?: string;
      at: number;
    }
  | {
      seq: number;
      type: 'ADDED' | 'MODIFIED' | 'DELETED';
      object: KubeObject;
      resourceVersion?: string;
      at: number;
    };

/**
 * A bounded, in-order record of the changes a watched collection applied, so a follower (the
 * rollout recorder) can take them in the order the cluster made them without a watch of its own,
 * and a new follower can resume from a resource version an earlier one stored: a failover then
 * replays what happened while the old one died. Resource versions are opaque: a position is found
 * by equality, never by comparing them. Bounded by count and age so a follower that fell behind
 * (or is absent) costs little memory; it then finds its position gone and lists again.
 */
export class ChangeJournal {
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private entries: JournalEntry[] = [];
  private nextSeq = 1;
  /** The last position from which `after` still returns every later entry. */
  private horizon = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    options: {
      maxEntries?: number;
      maxAgeMs?: number;
      now?: () => number;
    } = {},
  ) {
    this.maxEntries = options.maxEntries ?? DEFAULT_JOURNAL_MAX_ENTRIES;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_JOURNAL_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
  }

  /** The collection was listed at `resourceVersion`: everything before is forgotten. */
  restart(resourceVersion: string | undefined): void {
    const entry: JournalEntry = {
      seq: this.nextSeq++,
      type: 'LISTED',
      resourceVersion,
      at: this.now(),
    };
    this.entries = [entry];
    this.horizon = entry.seq;
    this.wake();
  }

  /** A change the watch applied, after the ones before it. */
  append(
    type: 'ADDED' | 'MODIFIED' | 'DELETED',
    object: KubeObject,
    resourceVersion: string | undefined,
  ): void {
    // Changes before the first list have no list to follow; they never happen in practice.
    if (!this.entries.length && !this.horizon) return;
    const at = this.now();
    this.entries.push({
      seq: this.nextSeq++,
      type,
      object,
      resourceVersion,
      at,
    });
    this.evict(at);
    this.wake();
  }

  /** The newest position (0 before the first list). */
  get tail(): { seq: number; resourceVersion?: string } {
    const last = this.entries[this.entries.length - 1];
    return last
      ? { seq: last.seq, resourceVersion: last.resourceVersion }
      : { seq: this.horizon };
  }

  /** How many entries are kept. */
  get size(): number {
    return this.entries.length;
  }

  /** The position of the newest entry with exactly this resource version, if still kept. */
  find(resourceVersion: string | undefined): number | undefined {
    if (!resourceVersion) return undefined;
    for (let i = this.entries.length - 1; i >= 0; i -= 1) {
      if (this.entries[i].resourceVersion === resourceVersion) {
        return this.entries[i].seq;
      }
    }
    return undefined;
  }

  /**
   * The entries after position `seq`, in order; undefined when some of them are no longer kept
   * (evicted, or the collection was listed again since), so the follower must start over.
   */
  after(seq: number): JournalEntry[] | undefined {
    if (seq < this.horizon || seq >= this.nextSeq) return undefined;
    const first = this.entries.findIndex(entry => entry.seq > seq);
    return first < 0 ? [] : this.entries.slice(first);
  }

  /** Resolves at the next entry, after `timeoutMs`, or when the signal aborts; never rejects. */
  next(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise(resolve => {
      if (signal?.aborted || timeoutMs <= 0) {
        resolve();
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  /** Drops the oldest entries beyond the bounds; the newest is always kept. */
  private evict(now: number) {
    let drop = Math.max(0, this.entries.length - this.maxEntries);
    while (
      drop < this.entries.length - 1 &&
      now - this.entries[drop].at > this.maxAgeMs
    ) {
      drop += 1;
    }
    if (!drop) return;
    this.horizon = this.entries[drop - 1].seq;
    this.entries.splice(0, drop);
  }

  private wake() {
    for (const waiter of [...this.waiters]) waiter();
  }
}
