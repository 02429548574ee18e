// @ts-check

/**
 * Flagger gate webhooks served by the backend: approvals (and rollback requests) per cluster,
 * canary, revision and gate, and the last time Flagger asked each gate.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollout_gate_approvals', table => {
    table.comment(
      'Gate approvals and rollback requests, each for one canary revision and one gate',
    );
    table.increments('id');
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table
      .string('revision')
      .notNullable()
      .comment('The checksum Flagger sends in the webhook payload');
    table
      .string('gate')
      .notNullable()
      .comment(
        'confirm-rollout, confirm-traffic-increase, confirm-promotion or rollback',
      );
    table.string('actor').notNullable();
    table.text('reason').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table
      .timestamp('used_at', { useTz: true })
      .comment('When Flagger was first answered open with this approval');
    table
      .timestamp('spent_at', { useTz: true })
      .comment('When the approval stopped opening the gate (one step used)');
    table.index(['cluster', 'namespace', 'name', 'revision', 'gate']);
  });
  await knex.schema.createTable('rollout_gate_calls', table => {
    table.comment('The last call of Flagger to each gate, per canary revision');
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('revision').notNullable();
    table.string('gate').notNullable();
    table.string('phase');
    table.boolean('open').notNullable();
    table.integer('calls').notNullable();
    table.timestamp('first_asked_at', { useTz: true }).notNullable();
    table.timestamp('last_asked_at', { useTz: true }).notNullable();
    table.primary(['cluster', 'namespace', 'name', 'revision', 'gate']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_gate_calls');
  await knex.schema.dropTable('rollout_gate_approvals');
};
