// @ts-check

/**
 * Gate approvals bound to one run, and per-canary gate secrets.
 *
 * - every approval names the run it was given for (canary uid, sha256 of the revision, run id);
 *   approvals stored before carry no run and are spent here, so none of them opens a gate again;
 * - `rollout_gate_runs` keeps the run each canary was last seen in, so approvals of a run are
 *   spent as soon as the run is seen to end;
 * - `rollout_gate_secrets` keeps the sha256 of each canary's gate secret (never the secret).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rollout_gate_approvals', table => {
    table
      .string('run_id', 64)
      .comment(
        'The run the approval is for (sha256 of uid, revision and run start)',
      );
    table.string('canary_uid').comment('metadata.uid of the Canary');
    table
      .string('revision_hash', 64)
      .comment('sha256 of lastAppliedSpec and trackedConfigs');
    table
      .string('spent_reason')
      .comment('Why the approval stopped opening the gate');
    table.index(['cluster', 'namespace', 'name', 'spent_at']);
  });
  await knex('rollout_gate_approvals')
    .whereNull('spent_at')
    .update({ spent_at: new Date(), spent_reason: 'not bound to a run' });

  await knex.schema.createTable('rollout_gate_runs', table => {
    table.comment('The run each canary with backend gates was last seen in');
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('run_id', 64).notNullable();
    table.string('canary_uid').notNullable();
    table.string('revision_hash', 64).notNullable();
    table
      .string('checksum')
      .notNullable()
      .comment('The checksum Flagger sends for the run');
    table.string('phase');
    table
      .boolean('active')
      .notNullable()
      .comment('false once the run ended (Succeeded, Failed, gone...)');
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.primary(['cluster', 'namespace', 'name']);
  });

  await knex.schema.createTable('rollout_gate_secrets', table => {
    table.comment(
      'The gate secret of each canary, hashed; the secret itself is shown once when rotated',
    );
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('secret_hash', 64).notNullable().comment('sha256, hex');
    table.string('rotated_by').notNullable();
    table.timestamp('rotated_at', { useTz: true }).notNullable();
    table.primary(['cluster', 'namespace', 'name']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_gate_secrets');
  await knex.schema.dropTable('rollout_gate_runs');
  await knex.schema.alterTable('rollout_gate_approvals', table => {
    table.dropIndex(['cluster', 'namespace', 'name', 'spent_at']);
    table.dropColumn('spent_reason');
    table.dropColumn('revision_hash');
    table.dropColumn('canary_uid');
    table.dropColumn('run_id');
  });
};
