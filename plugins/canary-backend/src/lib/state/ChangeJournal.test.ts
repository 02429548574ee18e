import { ChangeJournal } from './ChangeJournal';

const canary = (name: string, rv: string) => ({
  metadata: { namespace: 'shop', name, resourceVersion: rv },
});

/** What the journal holds after position `seq`, as `TYPE name@rv` (or `LISTED@rv`). */
function read(journal: ChangeJournal, seq: number) {
  return journal
    .after(seq)
    ?.map(entry =>
      entry.type === 'LISTED'
        ? `LISTED@${entry.resourceVersion}`
        : `${entry.type} ${entry.object.metadata?.name}@${entry.resourceVersion}`,
    );
}

describe('ChangeJournal', () => {
  it('keeps the changes in the order they were applied, after the list they follow', () => {
    const journal = new ChangeJournal();
    journal.restart('10');
    journal.append('MODIFIED', canary('web', '12'), '12');
    journal.append('ADDED', canary('api', '11'), '11'); // opaque: never sorted
    journal.append('DELETED', canary('web', '13'), '13');
    expect(read(journal, 0)).toBeUndefined(); // before the list: not in order
    const listed = journal.find('10')!;
    expect(read(journal, listed)).toEqual([
      'MODIFIED web@12',
      'ADDED api@11',
      'DELETED web@13',
    ]);
    expect(read(journal, journal.find('11')!)).toEqual(['DELETED web@13']);
    expect(read(journal, journal.tail.seq)).toEqual([]);
    expect(journal.tail.resourceVersion).toBe('13');
    expect(journal.find('14')).toBeUndefined();
    expect(journal.find(undefined)).toBeUndefined();
  });

  it('starts again at a new list: positions before it are no longer valid', () => {
    const journal = new ChangeJournal();
    journal.restart('10');
    journal.append('MODIFIED', canary('web', '12'), '12');
    const before = journal.tail.seq;
    journal.restart('20');
    expect(read(journal, before)).toBeUndefined();
    expect(journal.find('12')).toBeUndefined();
    journal.append('MODIFIED', canary('web', '21'), '21');
    expect(read(journal, journal.find('20')!)).toEqual(['MODIFIED web@21']);
    expect(journal.size).toBe(2);
  });

  it('is bounded by count: a position still kept (or just dropped) reads on, an older one does not', () => {
    const journal = new ChangeJournal({ maxEntries: 3 });
    journal.restart('10');
    const listed = journal.tail.seq;
    journal.append('MODIFIED', canary('web', '11'), '11');
    const first = journal.tail.seq;
    journal.append('MODIFIED', canary('web', '12'), '12');
    journal.append('MODIFIED', canary('web', '13'), '13');
    journal.append('MODIFIED', canary('web', '14'), '14');
    expect(journal.size).toBe(3);
    expect(journal.find('10')).toBeUndefined();
    expect(journal.find('11')).toBeUndefined();
    expect(read(journal, listed)).toBeUndefined();
    // The follower that took the dropped entry misses nothing after it.
    expect(read(journal, first)).toEqual([
      'MODIFIED web@12',
      'MODIFIED web@13',
      'MODIFIED web@14',
    ]);
  });

  it('is bounded by age, and always keeps the newest entry', () => {
    const clock = { now: 0 };
    const journal = new ChangeJournal({
      maxAgeMs: 1_000,
      now: () => clock.now,
    });
    journal.restart('10');
    journal.append('MODIFIED', canary('web', '11'), '11');
    clock.now = 5_000; // quiet: nothing is dropped until something new arrives
    expect(journal.find('11')).toBeDefined();
    journal.append('MODIFIED', canary('web', '12'), '12');
    expect(journal.size).toBe(1);
    expect(journal.find('11')).toBeUndefined();
    expect(read(journal, journal.find('12')!)).toEqual([]);
  });

  it('wakes a waiter at the next entry, or at its timeout or abort', async () => {
    const journal = new ChangeJournal();
    journal.restart('10');
    const woken: string[] = [];
    const waiting = journal.next(60_000).then(() => woken.push('entry'));
    await Promise.resolve();
    expect(woken).toEqual([]);
    journal.append('ADDED', canary('web', '11'), '11');
    await waiting;
    const stop = new AbortController();
    const aborted = journal
      .next(60_000, stop.signal)
      .then(() => woken.push('abort'));
    stop.abort();
    await aborted;
    await journal.next(1).then(() => woken.push('timeout'));
    expect(woken).toEqual(['entry', 'abort', 'timeout']);
  });
});
