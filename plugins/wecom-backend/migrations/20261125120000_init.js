// @ts-check

/**
 * The foundation: integrations from the setup form (secrets sealed), their
 * callback state, callback de-duplication, the callback job queue and the
 * third-party suite's tickets and authorizations.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_integrations', table => {
    table.comment('Integrations created through the setup form');
    table.string('id', 64).primary().notNullable();
    table.string('name', 255).notNullable();
    table.string('mode', 32).notNullable();
    table.string('corp_id', 64).notNullable();
    table.integer('agent_id').nullable();
    table.string('api_base_url', 512).notNullable();
    table.string('suite_id', 128).nullable();
    table.boolean('war_room_enabled').notNullable().defaultTo(false);
    table
      .text('sealed_secrets')
      .notNullable()
      .comment('AES-256-GCM sealed JSON of secret, callback and bot keys');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('wecom_integration_state', table => {
    table.comment('What the backend has seen of each integration');
    table.string('integration_id', 64).primary().notNullable();
    table.timestamp('callback_verified_at', { useTz: true }).nullable();
    table.timestamp('bot_verified_at', { useTz: true }).nullable();
    table.timestamp('last_callback_at', { useTz: true }).nullable();
  });

  await knex.schema.createTable('wecom_callback_receipts', table => {
    table.comment(
      'Callbacks already accepted, so retries are not handled twice',
    );
    table.string('dedup_key', 128).primary().notNullable();
    table.string('integration_id', 64).notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.index(['received_at'], 'wecom_callback_receipts_received_at_idx');
  });

  await knex.schema.createTable('wecom_callback_jobs', table => {
    table.comment('Decrypted callbacks waiting for their handlers');
    table.bigIncrements('id').primary();
    table.string('integration_id', 64).notNullable();
    table.string('event_type', 64).notNullable();
    table.text('payload').notNullable();
    table.string('status', 16).notNullable().defaultTo('pending');
    table.integer('attempts').notNullable().defaultTo(0);
    table.timestamp('available_at', { useTz: true }).notNullable();
    table.string('claimed_by', 64).nullable();
    table.timestamp('claimed_at', { useTz: true }).nullable();
    table.text('last_error').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['status', 'available_at'], 'wecom_callback_jobs_due_idx');
  });

  await knex.schema.createTable('wecom_suite_tickets', table => {
    table.comment('The latest suite_ticket WeCom pushed for each suite');
    table.string('suite_id', 128).primary().notNullable();
    table.text('sealed_ticket').notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('wecom_suite_authorizations', table => {
    table.comment('Corps that installed a third-party suite');
    table.string('suite_id', 128).notNullable();
    table.string('corp_id', 64).notNullable();
    table.string('corp_name', 255).nullable();
    table.text('sealed_permanent_code').notNullable();
    table.timestamp('authorized_at', { useTz: true }).notNullable();
    table.primary(['suite_id', 'corp_id']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_suite_authorizations');
  await knex.schema.dropTable('wecom_suite_tickets');
  await knex.schema.dropTable('wecom_callback_jobs');
  await knex.schema.dropTable('wecom_callback_receipts');
  await knex.schema.dropTable('wecom_integration_state');
  await knex.schema.dropTable('wecom_integrations');
};
