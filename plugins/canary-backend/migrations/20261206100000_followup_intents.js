// @ts-check

/**
 * Durable follow-ups: a follow-up is stored as an intent before the action's cluster write, keeps
 * its failed attempts and when it is tried again (backoff, no cap), and has a row in the action
 * log while it is pending, so the timeline shows it until it is done.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rollout_followups', table => {
    table
      .timestamp('last_attempt_at', { useTz: true })
      .comment('When the follow-up was last tried and failed');
    table
      .timestamp('next_attempt_at', { useTz: true })
      .comment('Not tried again by background work before this time');
    table.text('last_error').comment('Why the last attempt failed');
  });
  await knex.schema.alterTable('rollout_followup_targets', table => {
    table
      .timestamp('seen_at', { useTz: true })
      .comment(
        'When the recorder first saw the canary at the promoted revision: only later sights can end the run (an earlier, lagging sight of another revision cannot)',
      );
  });
  await knex.schema.alterTable('rollout_actions', table => {
    table
      .integer('followup_id')
      .comment('The pending follow-up this row shows; removed when it is done');
    table.index(['followup_id'], 'rollout_actions_followup_id_index');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rollout_actions', table => {
    table.dropIndex([], 'rollout_actions_followup_id_index');
    table.dropColumn('followup_id');
  });
  await knex.schema.alterTable('rollout_followup_targets', table => {
    table.dropColumn('seen_at');
  });
  await knex.schema.alterTable('rollout_followups', table => {
    table.dropColumn('last_error');
    table.dropColumn('next_attempt_at');
    table.dropColumn('last_attempt_at');
  });
};
