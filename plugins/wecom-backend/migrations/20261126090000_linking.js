// @ts-check

/**
 * Linked Users: links between catalog users and WeCom members, One-Click
 * Link runs (with a lock so one runs at a time per integration across
 * replicas), and the single-use records of the workspace login (OAuth2
 * states and the tickets that hand a verified WeCom member to the app).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_user_links', table => {
    table.comment('Catalog User entities linked to WeCom members');
    table.string('integration_id', 64).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('wecom_user_id', 64).notNullable();
    table
      .string('source', 32)
      .notNullable()
      .comment('oneClick | annotation | workspaceLogin | manual');
    table.string('linked_by', 255).nullable();
    table.timestamp('linked_at', { useTz: true }).notNullable();
    table.primary(['integration_id', 'entity_ref']);
    // One WeCom member is one Backstage user within an integration.
    table.unique(['integration_id', 'wecom_user_id'], {
      indexName: 'wecom_user_links_member_uq',
    });
  });

  await knex.schema.createTable('wecom_link_runs', table => {
    table.comment('One-Click Link runs with their progress and results');
    table.string('id', 64).primary().notNullable();
    table.string('integration_id', 64).notNullable();
    table.string('status', 16).notNullable();
    table.string('started_by', 255).nullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.timestamp('heartbeat_at', { useTz: true }).notNullable();
    table.integer('total').notNullable().defaultTo(0);
    table.integer('processed').notNullable().defaultTo(0);
    table.text('result').nullable().comment('JSON: linked, notFound, failed');
    table.text('error').nullable().comment('JSON: why the run stopped');
    table.index(['integration_id', 'started_at'], 'wecom_link_runs_latest_idx');
  });

  await knex.schema.createTable('wecom_link_run_locks', table => {
    table.comment('The running One-Click Link run of each integration');
    table.string('integration_id', 64).primary().notNullable();
    table.string('run_id', 64).notNullable();
    table.timestamp('heartbeat_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('wecom_oauth_states', table => {
    table.comment('Workspace-login OAuth2 states already used (single use)');
    table.string('nonce', 64).primary().notNullable();
    table.string('integration_id', 64).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.index(['expires_at'], 'wecom_oauth_states_expires_idx');
  });

  await knex.schema.createTable('wecom_workspace_tickets', table => {
    table.comment(
      'A verified WeCom member waiting to be linked to the signed-in user',
    );
    table
      .string('ticket_hash', 64)
      .primary()
      .notNullable()
      .comment('SHA-256 of the ticket; the ticket itself is never stored');
    table.string('integration_id', 64).notNullable();
    table.string('wecom_user_id', 64).notNullable();
    table.string('redirect_to', 1024).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('used_at', { useTz: true }).nullable();
    table.index(['expires_at'], 'wecom_workspace_tickets_expires_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_workspace_tickets');
  await knex.schema.dropTable('wecom_oauth_states');
  await knex.schema.dropTable('wecom_link_run_locks');
  await knex.schema.dropTable('wecom_link_runs');
  await knex.schema.dropTable('wecom_user_links');
};
