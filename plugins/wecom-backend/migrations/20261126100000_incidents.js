// @ts-check

/**
 * Incidents of the default incident provider, their timelines, and the
 * Alertmanager alert groups that point at the incident each one opened.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_incidents', table => {
    table.comment('Incidents of the default incident provider');
    table.string('id', 36).primary().notNullable().comment('UUID');
    table.string('title', 500).notNullable();
    table
      .string('severity', 16)
      .notNullable()
      .comment('critical | high | warning | info');
    table
      .string('status', 16)
      .notNullable()
      .comment('triggered | processing | snoozed | closed');
    table.text('description').nullable();
    table.string('entity_ref', 255).nullable();
    table.text('responders').notNullable().comment('JSON array of entity refs');
    table.string('source', 64).notNullable().comment('api | alertmanager | …');
    table.text('fingerprint').nullable().comment('e.g. the alert groupKey');
    table.text('labels').nullable().comment('JSON object');
    table.text('fields').nullable().comment('JSON object');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('acknowledged_by', 255).nullable();
    table.timestamp('acknowledged_at', { useTz: true }).nullable();
    table.timestamp('snoozed_until', { useTz: true }).nullable();
    table.string('closed_by', 255).nullable();
    table.timestamp('closed_at', { useTz: true }).nullable();
    table
      .integer('revision')
      .notNullable()
      .defaultTo(0)
      .comment('Bumped by every change; guards concurrent transitions');
    table.index(['created_at'], 'wecom_incidents_created_idx');
    table.index(['status', 'snoozed_until'], 'wecom_incidents_status_idx');
    table.index(['entity_ref'], 'wecom_incidents_entity_idx');
  });

  await knex.schema.createTable('wecom_incident_timeline', table => {
    table.comment('Everything that happened to an incident, with who and when');
    table.increments('seq').comment('Insertion order, for equal times');
    table.string('id', 36).notNullable().comment('UUID');
    table
      .string('incident_id', 36)
      .notNullable()
      .references('id')
      .inTable('wecom_incidents')
      .onDelete('CASCADE');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 255).nullable();
    table.string('kind', 32).notNullable();
    table.text('message').notNullable();
    table.text('data').nullable().comment('JSON object');
    table.unique(['id'], { indexName: 'wecom_incident_timeline_id_uq' });
    table.index(['incident_id', 'at'], 'wecom_incident_timeline_incident_idx');
  });

  await knex.schema.createTable('wecom_alert_groups', table => {
    table.comment(
      'Alertmanager groups (groupKey) and the incident each one opened',
    );
    table
      .string('group_hash', 64)
      .primary()
      .notNullable()
      .comment('SHA-256 of the groupKey (group keys can be long)');
    table.text('group_key').notNullable();
    table
      .string('incident_id', 255)
      .nullable()
      .comment('Null while a receiver is opening the incident');
    table
      .integer('revision')
      .notNullable()
      .defaultTo(0)
      .comment('Bumped by every claim; one receiver opens an incident');
    table
      .timestamp('opening_until', { useTz: true })
      .nullable()
      .comment('A claim to open the incident, held until then');
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_alert_groups');
  await knex.schema.dropTable('wecom_incident_timeline');
  await knex.schema.dropTable('wecom_incidents');
};
