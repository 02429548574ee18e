// @ts-check

/**
 * Indexes for the timeline's filters and for pruning: the entries of one run (and the cascade
 * when a run is deleted) and the events of a canary by kind, newest first.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rollout_transitions', table => {
    table.index(['run_id', 'at'], 'rollout_transitions_run_id_at_index');
  });
  await knex.schema.alterTable('rollout_events', table => {
    table.index(['run_id', 'at'], 'rollout_events_run_id_at_index');
    table.index(
      ['canary_id', 'kind', 'at'],
      'rollout_events_canary_id_kind_at_index',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rollout_events', table => {
    table.dropIndex([], 'rollout_events_canary_id_kind_at_index');
    table.dropIndex([], 'rollout_events_run_id_at_index');
  });
  await knex.schema.alterTable('rollout_transitions', table => {
    table.dropIndex([], 'rollout_transitions_run_id_at_index');
  });
};
