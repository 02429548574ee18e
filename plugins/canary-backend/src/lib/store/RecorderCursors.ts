import type { Knex } from 'knex';

/**
 * Where each watch of the recorder resumes: the last resourceVersion it handled (or listed), per
 * cluster and resource, so that a restarted backend continues its watches instead of relisting
 * every cluster. The cursor is stored after the object is recorded, so an object handled just
 * before a restart is delivered again, which the idempotent history writes absorb. Kept apart
 * from the history because it is the recorder's own state, not part of any canary's.
 */
export class RecorderCursors {
  private readonly db: Knex;

  constructor(options: { db: Knex }) {
    this.db = options.db;
  }

  /** Where a watch of the recorder resumes; none before its first list. */
  async getCursor(
    cluster: string,
    resource: string,
  ): Promise<string | undefined> {
    const row = await this.db('recorder_cursors')
      .where({ cluster, resource })
      .first();
    return row?.resource_version;
  }

  /** Stores where a watch resumes, replacing the cursor it had. */
  async setCursor(
    cluster: string,
    resource: string,
    resourceVersion: string,
  ): Promise<void> {
    await this.db('recorder_cursors')
      .insert({
        cluster,
        resource,
        resource_version: resourceVersion,
        updated_at: new Date(),
      })
      .onConflict(['cluster', 'resource'])
      .merge();
  }
}
