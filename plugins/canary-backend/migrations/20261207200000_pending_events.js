// @ts-check

/**
 * Events that arrive before the recorder has stored their canary (the canary and the Events are
 * two watches): kept here until the canary is stored, then moved into its history, so that no
 * Event is lost when the recorder's cursor has moved past it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollout_pending_events', table => {
    table.comment('Events of canaries the recorder has not stored yet');
    table.increments('id');
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('event_uid').notNullable();
    table.integer('count').notNullable();
    table.text('event').notNullable().comment('The Kubernetes Event, as JSON');
    table.dateTime('received_at').notNullable();
    table.unique(['cluster', 'namespace', 'name', 'event_uid', 'count'], {
      indexName: 'rollout_pending_events_unique',
    });
    table.index('received_at', 'rollout_pending_events_received_at');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_pending_events');
};
