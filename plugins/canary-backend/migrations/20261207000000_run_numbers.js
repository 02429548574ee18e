// @ts-check

/**
 * Runs numbered per canary, and actions that belong to a run.
 *
 * - `rollout_runs.number`: 1, 2, 3 … for each canary, in the order its runs were recorded; what
 *   users see (`#3`), while the API still addresses runs by id. Existing runs are numbered in id
 *   order.
 * - `rollout_actions.run_id`: the run an action belongs to (taken while it was open, or the run it
 *   started). Existing actions get the run open at their time, else the run that opened next;
 *   the rows the backend itself wrote for a promote follow-up get the run they followed up.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rollout_runs', table => {
    table
      .integer('number')
      .comment('The run number within its canary: 1, 2, 3 …');
  });
  await knex('rollout_runs').update({
    number: knex('rollout_runs as earlier')
      .count('*')
      .where('earlier.canary_id', knex.ref('rollout_runs.canary_id'))
      .andWhere('earlier.id', '<=', knex.ref('rollout_runs.id')),
  });
  await knex.schema.alterTable('rollout_runs', table => {
    table.unique(['canary_id', 'number'], {
      indexName: 'rollout_runs_canary_id_number_unique',
    });
  });

  await knex.schema.alterTable('rollout_actions', table => {
    table
      .integer('run_id')
      .comment(
        'The run the action belongs to; null until the run it starts opens',
      );
    table.index(['run_id', 'at'], 'rollout_actions_run_id_at_index');
  });
  await backfillActionRuns(knex);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rollout_actions', table => {
    table.dropIndex([], 'rollout_actions_run_id_at_index');
    table.dropColumn('run_id');
  });
  await knex.schema.alterTable('rollout_runs', table => {
    table.dropUnique([], 'rollout_runs_canary_id_number_unique');
  });
  // A plain DROP COLUMN: knex drops a SQLite column by copying the table, and dropping the old
  // rollout_runs would cascade to the transitions and events of every run.
  await knex.raw('alter table ?? drop column ??', ['rollout_runs', 'number']);
};

/** Epoch milliseconds of a timestamp column, as PostgreSQL (Date) or SQLite (ms or text) returns it. */
function millis(/** @type {unknown} */ value) {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}

/**
 * Gives each existing action its run: the run of its canary open at its time, else the next run
 * that started after it; a promote follow-up's own row gets the run that started before it.
 *
 * @param {import('knex').Knex} knex
 */
async function backfillActionRuns(knex) {
  const runs = await knex('rollout_runs as r')
    .join('canaries as c', 'c.id', 'r.canary_id')
    .select(
      'r.id',
      'c.cluster',
      'c.namespace',
      'c.name',
      'r.started_at',
      'r.ended_at',
    )
    .orderBy([
      { column: 'r.started_at', order: 'asc' },
      { column: 'r.id', order: 'asc' },
    ]);
  /** @type {Map<string, Array<{ id: number; start: number; end?: number }>>} */
  const byCanary = new Map();
  for (const run of runs) {
    const key = `${run.cluster}\u0000${run.namespace}\u0000${run.name}`;
    const list = byCanary.get(key) ?? [];
    list.push({
      id: run.id,
      start: millis(run.started_at),
      end: run.ended_at ? millis(run.ended_at) : undefined,
    });
    byCanary.set(key, list);
  }
  const actions = await knex('rollout_actions').select(
    'id',
    'cluster',
    'namespace',
    'name',
    'actor',
    'at',
  );
  for (const action of actions) {
    const list =
      byCanary.get(
        `${action.cluster}\u0000${action.namespace}\u0000${action.name}`,
      ) ?? [];
    const at = millis(action.at);
    // Newest first: the runs that had started by the action's time.
    const started = list.filter(r => r.start <= at).reverse();
    const spanning = started.find(r => r.end === undefined || r.end >= at);
    const owner =
      spanning ??
      (action.actor === 'canary-backend'
        ? started[0]
        : list.find(r => r.start > at));
    if (owner) {
      await knex('rollout_actions')
        .where({ id: action.id })
        .update({ run_id: owner.id });
    }
  }
}
