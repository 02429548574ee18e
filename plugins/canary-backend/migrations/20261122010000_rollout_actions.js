// @ts-check

/**
 * The action log: every rollout action asked through the plugin, who asked, why, by which route
 * and how it ended.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollout_actions', table => {
    table.comment('Rollout actions with actor, reason, route and outcome');
    table.increments('id');
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('entity_ref').notNullable();
    table.string('action').notNullable();
    table.string('route');
    table.string('actor').notNullable();
    table.text('reason').notNullable();
    table
      .string('outcome')
      .notNullable()
      .comment('succeeded, failed or unchanged');
    table.text('message').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['cluster', 'namespace', 'name', 'at']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_actions');
};
