// @ts-check

/**
 * Notifications to send: written when the recorder decides a rollout needs its owners, removed
 * once sent. A send that fails (the notifications backend down, a crash before it) is retried, so
 * owners hear of every failure or wait at least once; Backstage's notifications replace one of the
 * same scope, so a repeat does not show twice.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollout_notification_outbox', table => {
    table.comment('Rollout notifications waiting to be sent');
    table.increments('id');
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.text('canary').notNullable().comment('The canary as seen, as JSON');
    table.text('attention').notNullable().comment('What to tell, as JSON');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table
      .timestamp('next_attempt_at', { useTz: true })
      .notNullable()
      .comment('Not sent before; also claims a row while it is being sent');
    table.text('last_error');
    table.index('next_attempt_at', 'rollout_notification_outbox_due');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_notification_outbox');
};
