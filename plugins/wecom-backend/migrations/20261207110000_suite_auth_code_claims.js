// @ts-check

/**
 * Suite auth codes are claimed like the outbox and the callback queue
 * (`claimDueRows`): a claimed code is in status `exchanging` (not `pending`
 * with a `claimed_by`), and a code given back waits until `available_at`.
 *
 * - `available_at`: when a `pending` code may be claimed; the time it was
 *   received for the codes recorded so far.
 * - Codes a replica holds now move to `exchanging`, so its claim still
 *   counts (and goes stale) as before.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('wecom_suite_auth_codes', table => {
    // Nullable so SQLite can add it to a table with rows; every write sets it.
    table.timestamp('available_at', { useTz: true }).nullable();
  });
  await knex('wecom_suite_auth_codes').update({
    available_at: knex.ref('received_at'),
  });
  await knex('wecom_suite_auth_codes')
    .where({ status: 'pending' })
    .whereNotNull('claimed_by')
    .update({ status: 'exchanging' });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex('wecom_suite_auth_codes')
    .where({ status: 'exchanging' })
    .update({ status: 'pending' });
  await knex.schema.alterTable('wecom_suite_auth_codes', table => {
    table.dropColumn('available_at');
  });
};
