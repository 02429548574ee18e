// @ts-check

/**
 * The recorder's lease: one backend instance at a time records the history. The holder renews it
 * every few seconds; when it stops renewing (a crash, a `kill -9`), another instance takes it over
 * once it has expired.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('recorder_leases', table => {
    table.comment('Which backend instance runs a singleton background worker');
    table.string('name').primary().comment('The worker, e.g. "recorder"');
    table.string('holder').notNullable().comment('The holding instance');
    table
      .bigInteger('expires_at_ms')
      .notNullable()
      .comment('Epoch milliseconds after which another instance may take it');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('recorder_leases');
};
