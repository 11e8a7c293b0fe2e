// @ts-check

/**
 * Notification routing: each user's own notification preferences, and the
 * escalation timers of triggered incidents (one pending row per incident,
 * claimed by a conditional update so it fires once across replicas).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_user_preferences', table => {
    table.comment('The WeCom notification settings of each user');
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('The user entity ref, lower-case');
    table.boolean('personal_channel_enabled').notNullable().defaultTo(true);
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('wecom_escalation_timers', table => {
    table.comment(
      'Escalations and re-notifications due for triggered incidents',
    );
    table.bigIncrements('id').primary();
    table.string('incident_id', 64).notNullable();
    table.string('integration_id', 64).notNullable();
    table
      .integer('level')
      .notNullable()
      .comment('0 = the first responders; 1.. = wecom.escalation.levels');
    table
      .integer('round')
      .notNullable()
      .defaultTo(0)
      .comment('0 = first notification of the level; n = nth re-notification');
    table
      .timestamp('run_started_at', { useTz: true })
      .notNullable()
      .comment('When the incident was (re)triggered: levels count from here');
    table.timestamp('due_at', { useTz: true }).notNullable();
    table
      .integer('claims')
      .notNullable()
      .defaultTo(0)
      .comment('Bumped by each claim: the conditional update compares it');
    table.string('claimed_by', 64).nullable();
    table.timestamp('claimed_at', { useTz: true }).nullable();
    table.timestamp('done_at', { useTz: true }).nullable();
    table
      .string('outcome', 16)
      .nullable()
      .comment('fired | cancelled | skipped | failed');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['done_at', 'due_at'], 'wecom_escalation_timers_due_idx');
    table.index(['incident_id'], 'wecom_escalation_timers_incident_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_escalation_timers');
  await knex.schema.dropTable('wecom_user_preferences');
};
