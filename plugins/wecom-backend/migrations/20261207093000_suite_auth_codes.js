// @ts-check

/**
 * Third-party app mode: the auth codes of create_auth and
 * reset_permanent_code, recorded before the instruction is answered.
 *
 * WeCom wants the answer within 1000 ms and suggests recording the AuthCode,
 * answering, and exchanging it afterwards (page 90642; page 94758 for
 * reset_permanent_code). The code is valid 10 minutes and single-use
 * (pages 90642, 90603), so a row is claimed by one replica at a time
 * (`claimed_by`) and ends `done`, `failed` or `expired`, never retried
 * forever.
 *
 * - `code_digest`: SHA-256 of the code; WeCom's repeat (or a replay) of the
 *   same instruction finds the row and records nothing new.
 * - `sealed_auth_code`: the code itself, sealed; cleared once the row ends.
 * - `instruction_at`: the instruction's TimeStamp, which orders it against
 *   cancel_auth and change_auth (`wecom_suite_authorizations.instruction_at`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_suite_auth_codes', table => {
    table.comment(
      'Auth codes of suite instructions, exchanged after answering',
    );
    table.increments('id').primary();
    table.string('suite_id', 128).notNullable();
    table.string('code_digest', 64).notNullable();
    table.string('info_type', 32).notNullable();
    table.text('sealed_auth_code').nullable();
    table.timestamp('instruction_at', { useTz: true }).notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.string('status', 16).notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.string('claimed_by', 64).nullable();
    table.timestamp('claimed_at', { useTz: true }).nullable();
    table.string('corp_id', 64).nullable();
    table.text('last_error').nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.unique(['suite_id', 'code_digest']);
    table.index(['status'], 'wecom_suite_auth_codes_status_idx');
  });
  await knex.schema.alterTable('wecom_suite_authorizations', table => {
    // The TimeStamp of the instruction that last set the permanent code or
    // cancelled it: an older cancel_auth or change_auth is ignored.
    table.timestamp('instruction_at', { useTz: true }).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('wecom_suite_authorizations', table => {
    table.dropColumn('instruction_at');
  });
  await knex.schema.dropTable('wecom_suite_auth_codes');
};
