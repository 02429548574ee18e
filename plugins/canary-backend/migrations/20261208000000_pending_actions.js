// @ts-check

/**
 * Actions whose cluster write is on its way. Before a rollout action writes a cluster, its
 * action-log rows are stored as `pending` with the write it sends; they get their outcome when the
 * cluster answers. An answer that never comes (a timeout, the instance killed) leaves them pending
 * until `settle_by`, when any instance reads the object and records whether the write landed:
 * an action is either recorded as done or as not done, never lost and never both.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rollout_actions', table => {
    table
      .text('pending_write')
      .comment(
        'While pending: the cluster write, as JSON, to check it against',
      );
    table
      .timestamp('settle_by', { useTz: true })
      .comment(
        'While pending: when another instance may settle it from the cluster',
      );
    table.index(['outcome', 'settle_by'], 'rollout_actions_pending');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rollout_actions', table => {
    table.dropIndex(['outcome', 'settle_by'], 'rollout_actions_pending');
    table.dropColumn('pending_write');
    table.dropColumn('settle_by');
  });
};
