// @ts-check

/**
 * Post-mortems: one per incident, written by the analyzer once the incident
 * is closed and edited by people afterwards. `generation_started_at` is the
 * rate limit every replica shares: a generation may start only when the
 * last one started long enough ago (a conditional UPDATE claims it).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_postmortems', table => {
    table.comment('The post-mortem of each closed incident');
    table
      .string('incident_id', 64)
      .primary()
      .notNullable()
      .comment('The incident, whichever provider holds it');
    table
      .text('markdown')
      .nullable()
      .comment('Null until the first generation finishes');
    table
      .string('analyzer', 255)
      .nullable()
      .comment('The analyzer that wrote it, e.g. built-in or openai:<model>');
    table.string('generated_by', 255).nullable();
    table.timestamp('generated_at', { useTz: true }).nullable();
    table.string('edited_by', 255).nullable();
    table.timestamp('edited_at', { useTz: true }).nullable();
    table.timestamp('posted_at', { useTz: true }).nullable();
    table.string('posted_by', 255).nullable();
    table
      .timestamp('generation_started_at', { useTz: true })
      .nullable()
      .comment('When the latest generation started (the shared rate limit)');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_postmortems');
};
