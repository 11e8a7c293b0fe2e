// @ts-check

/**
 * One-Click Link matches members by personal email only where an admin
 * opted in per integration: members may be able to edit that field, and a
 * member who enters a colleague's address would be linked to the
 * colleague's Backstage user. Existing integrations start with it off.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('wecom_integrations', table => {
    table
      .boolean('match_personal_email')
      .notNullable()
      .defaultTo(false)
      .comment('One-Click Link may match members by their personal email');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('wecom_integrations', table => {
    table.dropColumn('match_personal_email');
  });
};
