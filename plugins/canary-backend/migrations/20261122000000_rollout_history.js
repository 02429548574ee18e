// @ts-check

/**
 * The rollout history: canaries seen on each cluster, their runs (one revision's journey),
 * phase/weight transitions, parsed Kubernetes events and analysis samples.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('canaries', table => {
    table.comment(
      'Every canary the recorder has seen, with its latest snapshot',
    );
    table.increments('id');
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('uid');
    table.string('kurator_policy');
    table.string('phase');
    table.integer('canary_weight');
    table.integer('failed_checks');
    table.string('last_applied_spec');
    table
      .text('snapshot')
      .notNullable()
      .comment('JSON of the last seen Canary');
    table.string('resource_version');
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.timestamp('deleted_at', { useTz: true });
    table.unique(['cluster', 'namespace', 'name']);
  });

  await knex.schema.createTable('rollout_runs', table => {
    table.comment('One revision journey through the analysis');
    table.increments('id');
    table
      .integer('canary_id')
      .notNullable()
      .references('id')
      .inTable('canaries')
      .onDelete('CASCADE');
    table.string('revision').notNullable().comment('status.lastAppliedSpec');
    table.text('images').comment('JSON array of the target workload images');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('ended_at', { useTz: true });
    table.string('outcome').comment('Succeeded or Failed when ended');
    table.unique(['canary_id', 'revision', 'started_at']);
    table.index(['canary_id', 'started_at']);
  });

  await knex.schema.createTable('rollout_transitions', table => {
    table.comment('Phase and weight changes, in the order they were observed');
    table.increments('id');
    table
      .integer('canary_id')
      .notNullable()
      .references('id')
      .inTable('canaries')
      .onDelete('CASCADE');
    table
      .integer('run_id')
      .references('id')
      .inTable('rollout_runs')
      .onDelete('CASCADE');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('phase').notNullable();
    table.integer('canary_weight').notNullable();
    table.integer('failed_checks').notNullable();
    table.integer('iterations');
    table
      .string('fingerprint')
      .notNullable()
      .comment(
        'phase/weight/checks/transition time: makes a replayed transition a no-op',
      );
    table.unique(['canary_id', 'fingerprint']);
    table.index(['canary_id', 'at']);
  });

  await knex.schema.createTable('rollout_events', table => {
    table.comment(
      'Kubernetes Events of canaries, parsed into timeline entries',
    );
    table.increments('id');
    table
      .integer('canary_id')
      .notNullable()
      .references('id')
      .inTable('canaries')
      .onDelete('CASCADE');
    table
      .integer('run_id')
      .references('id')
      .inTable('rollout_runs')
      .onDelete('CASCADE');
    table.string('event_uid').notNullable();
    table.integer('count').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('type').notNullable();
    table.string('reason').notNullable();
    table.text('message').notNullable();
    table.string('kind').notNullable().comment('timeline entry kind');
    table
      .text('entry')
      .notNullable()
      .comment('JSON of the parsed timeline entry');
    table.unique(['canary_id', 'event_uid', 'count']);
    table.index(['canary_id', 'at']);
  });

  await knex.schema.createTable('recorder_cursors', table => {
    table.comment('Where each watch of the recorder resumes');
    table.string('cluster').notNullable();
    table.string('resource').notNullable();
    table.string('resource_version').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['cluster', 'resource']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('recorder_cursors');
  await knex.schema.dropTable('rollout_events');
  await knex.schema.dropTable('rollout_transitions');
  await knex.schema.dropTable('rollout_runs');
  await knex.schema.dropTable('canaries');
};
