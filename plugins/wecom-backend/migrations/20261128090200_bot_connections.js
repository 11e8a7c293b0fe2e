// @ts-check

/**
 * Who holds the smart bot's long connection: WeCom keeps one WebSocket per
 * bot, so with several replicas one holds a lease per integration, renews
 * it while connected, and another takes over once it expires.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_bot_connection_locks', table => {
    table.comment(
      'Leases on the smart bot long connections, one per integration',
    );
    table.string('integration_id', 64).primary();
    table
      .string('holder', 255)
      .notNullable()
      .comment('The replica holding the connection');
    table
      .timestamp('expires_at', { useTz: true })
      .notNullable()
      .comment('Another replica may take over after this');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_bot_connection_locks');
};
