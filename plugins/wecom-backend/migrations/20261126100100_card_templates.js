// @ts-check

/**
 * Incident card templates (Handlebars title and body), per integration and
 * optionally per service.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_card_templates', table => {
    table.comment('Incident card templates per integration and service');
    table.string('integration_id', 64).notNullable();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment(
        "The service's entity ref, normalised; empty: the integration's default",
      );
    table.text('title').notNullable().comment('Handlebars');
    table.text('body').notNullable().comment('Handlebars; the custom area');
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('updated_by', 255).nullable();
    table.primary(['integration_id', 'entity_ref'], 'wecom_card_templates_pk');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_card_templates');
};
