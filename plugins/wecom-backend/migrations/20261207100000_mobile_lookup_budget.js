// @ts-check

/**
 * One-Click Link's budget of failed mobile lookups (`user/getuserid`) per
 * corp over a rolling day, shared by every run, every integration of the
 * corp and every replica: WeCom blocks the corp's mobile lookups for a day
 * once a day's failures pass 20 % of its seats (pages 95402, 96267).
 *
 * - `kind` `miss`: a lookup that found nobody; `blocked`: WeCom answered
 *   45009 (over the limit), which blocks lookups for a day from that moment.
 * - Rows older than a day are deleted as new ones are written.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_mobile_lookup_failures', table => {
    table.comment(
      'Failed One-Click Link mobile lookups and 45009 refusals per corp',
    );
    table.increments('id');
    table.string('corp_id', 64).notNullable();
    table.string('kind', 16).notNullable().comment('miss | blocked');
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['corp_id', 'kind', 'at'], 'wecom_mobile_lookup_failures_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_mobile_lookup_failures');
};
