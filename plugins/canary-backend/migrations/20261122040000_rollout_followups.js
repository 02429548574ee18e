// @ts-check

/**
 * Follow-ups of rollout actions that must be undone when the run they were given for ends: a
 * promote sets skipAnalysis (or the Kurator policy's skipTrafficAnalysis), which is cleared again
 * once every canary it affects has finished that run, so later releases are analysed again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollout_followups', table => {
    table.comment('Pending and done follow-ups of rollout actions');
    table.increments('id');
    table.string('action').notNullable().comment('The action, e.g. promote');
    table.string('route').notNullable();
    table.string('entity_ref').notNullable();
    table.string('actor').notNullable();
    table
      .string('cluster')
      .notNullable()
      .comment('Where the operation is applied (the host cluster for Kurator)');
    table
      .text('operation')
      .notNullable()
      .comment('The RolloutOperation that undoes the action, as JSON');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('done_at', { useTz: true });
    table.string('outcome').comment('succeeded, unchanged or failed');
    table.text('message');
    table.integer('attempts').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('rollout_followup_targets', table => {
    table.comment('The canary runs a follow-up waits for');
    table
      .integer('followup_id')
      .notNullable()
      .references('id')
      .inTable('rollout_followups')
      .onDelete('CASCADE');
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table
      .text('revision')
      .notNullable()
      .comment('status.lastAppliedSpec of the run the action was given for');
    table.timestamp('ended_at', { useTz: true });
    table.primary(['followup_id', 'cluster', 'namespace', 'name']);
    table.index(['cluster', 'namespace', 'name']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_followup_targets');
  await knex.schema.dropTable('rollout_followups');
};
