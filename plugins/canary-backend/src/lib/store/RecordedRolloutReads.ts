import type { Knex } from 'knex';
import type {
  Canary,
  PromoteRequest,
} from '@backstage-canary/plugin-canary-common';
import type { CanaryKey } from './HistoryTypes';
import { toIso } from './timestamps';

/** The actor of the rows the backend writes itself (promote follow-ups). */
const BACKEND_ACTOR = 'canary-backend';

/** A run of a canary as the lane needs it. */
export type RecordedRun = {
  id: number;
  number: number;
  startedAt: string;
  endedAt?: string;
  /** The target workload's images when the run opened; empty when not read. */
  images: string[];
};

/** The last snapshot the recorder stored of a canary, and when. */
export type RecordedSnapshot = { canary: Canary; recordedAt: string };

/**
 * Reads of the recorded history that the entity's lanes show beside the live state: the run of
 * the canary's current revision, the promote asked during it, and the last recorded state of a
 * canary whose cluster cannot be read.
 */
export class RecordedRolloutReads {
  private readonly db: Knex;

  constructor(options: { db: Knex }) {
    this.db = options.db;
  }

  /** The newest run of a revision of the canary; none when the recorder has not seen it. */
  async runOf(
    key: CanaryKey,
    revision: string | undefined,
  ): Promise<RecordedRun | undefined> {
    if (!revision) return undefined;
    const row = await this.db('rollout_runs as r')
      .join('canaries as c', 'c.id', 'r.canary_id')
      .where({
        'c.cluster': key.cluster,
        'c.namespace': key.namespace,
        'c.name': key.name,
        'r.revision': revision,
      })
      .orderBy([
        { column: 'r.started_at', order: 'desc' },
        { column: 'r.id', order: 'desc' },
      ])
      .first('r.id', 'r.number', 'r.started_at', 'r.ended_at', 'r.images');
    if (!row) return undefined;
    return {
      id: Number(row.id),
      number: Number(row.number ?? 0),
      startedAt: toIso(row.started_at),
      endedAt: row.ended_at ? toIso(row.ended_at) : undefined,
      images: parseImages(row.images),
    };
  }

  /**
   * The last promote a user or service asked for during a run (its rows carry the run, or none yet
   * when the recorder had not opened it: those asked since the run started count too); the
   * backend's own follow-up rows are not requests.
   */
  async lastPromote(
    key: CanaryKey,
    run: Pick<RecordedRun, 'id' | 'startedAt'>,
  ): Promise<PromoteRequest | undefined> {
    const row = await this.db('rollout_actions')
      .where({ ...keyOf(key), action: 'promote' })
      .whereNot({ actor: BACKEND_ACTOR })
      .whereNull('followup_id')
      .andWhere(q =>
        q
          .where({ run_id: run.id })
          .orWhere(q2 =>
            q2
              .whereNull('run_id')
              .andWhere('at', '>=', new Date(run.startedAt)),
          ),
      )
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first('actor', 'at', 'outcome');
    if (!row) return undefined;
    return { actor: row.actor, at: toIso(row.at), outcome: row.outcome };
  }

  /** The last snapshot of a canary the recorder stored; none when unknown or deleted. */
  async lastSnapshot(key: CanaryKey): Promise<RecordedSnapshot | undefined> {
    const row = await this.db('canaries')
      .where(keyOf(key))
      .first('snapshot', 'last_seen_at', 'deleted_at');
    if (!row || row.deleted_at || !row.snapshot) return undefined;
    return {
      canary: JSON.parse(row.snapshot) as Canary,
      recordedAt: toIso(row.last_seen_at),
    };
  }

  /**
   * The canaries last recorded on a cluster (deleted ones left out), in the namespace when given:
   * the lanes a cluster that cannot be read had.
   */
  async canariesOn(cluster: string, namespace?: string): Promise<Canary[]> {
    const rows = await this.db('canaries')
      .where({ cluster, ...(namespace ? { namespace } : {}) })
      .whereNull('deleted_at')
      .select('snapshot');
    return rows
      .filter(row => row.snapshot)
      .map(row => JSON.parse(row.snapshot) as Canary);
  }
}

/** Only the key's columns: callers may pass a whole lane. */
function keyOf({ cluster, namespace, name }: CanaryKey): CanaryKey {
  return { cluster, namespace, name };
}

function parseImages(value: unknown): string[] {
  if (typeof value !== 'string' || !value) return [];
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed)
      ? parsed.filter((i): i is string => typeof i === 'string')
      : [];
  } catch {
    return [];
  }
}
