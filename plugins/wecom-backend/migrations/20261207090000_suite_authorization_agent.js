// @ts-check

/**
 * Third-party app mode: what a corp's authorization of the suite says, kept
 * current by the suite's create_auth / change_auth / cancel_auth callbacks.
 *
 * - `agent_id`: the app's agent id in the corp, `auth_info.agent[0].agentid`
 *   of get_permanent_code and get_auth_info (pages 90603, 90604); message/send
 *   needs it.
 * - `auth_scope`: the authorized visible range (`privilege.allow_party`,
 *   `allow_user`, `allow_tag`) as JSON; not a secret.
 * - `cancelled_at`: the corp removed the app (cancel_auth). The row stays so
 *   the integration page can say so; the permanent code is forgotten.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('wecom_suite_authorizations', table => {
    table.integer('agent_id').nullable();
    table.text('auth_scope').nullable();
    table.timestamp('cancelled_at', { useTz: true }).nullable();
  });
  await knex.schema.alterTable('wecom_suite_authorizations', table => {
    table.text('sealed_permanent_code').nullable().alter();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('wecom_suite_authorizations')
    .whereNotNull('cancelled_at')
    .delete();
  await knex.schema.alterTable('wecom_suite_authorizations', table => {
    table.text('sealed_permanent_code').notNullable().alter();
  });
  await knex.schema.alterTable('wecom_suite_authorizations', table => {
    table.dropColumn('cancelled_at');
    table.dropColumn('auth_scope');
    table.dropColumn('agent_id');
  });
};
