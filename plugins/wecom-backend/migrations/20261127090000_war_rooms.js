// @ts-check

/**
 * War Rooms: the WeCom group chat of an incident. One row per incident (the
 * primary key settles two replicas creating it at once); `lease_until` lets
 * one worker at a time create, resume, invite to or dismiss it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_war_rooms', table => {
    table.comment('The WeCom group chat (War Room) of each incident');
    table
      .string('incident_id', 64)
      .primary()
      .notNullable()
      .comment('The incident, whichever provider holds it');
    table
      .string('integration_id', 64)
      .notNullable()
      .comment('The War-Room-enabled integration whose app created the chat');
    table
      .string('chat_id', 32)
      .notNullable()
      .comment('WeCom chatid, derived from integration and incident');
    table.string('name', 255).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('creating | active | dismissed');
    table.string('owner_entity_ref', 255).nullable();
    table.string('owner_wecom_user_id', 64).nullable();
    table
      .string('entity_ref', 255)
      .nullable()
      .comment("The incident's entity when the War Room was created");
    table
      .text('members')
      .notNullable()
      .comment('JSON array of {entityRef, wecomUserId, role, addedAt}');
    table
      .text('unlinked')
      .notNullable()
      .comment('JSON array of user entity refs with no WeCom link');
    table
      .text('pending_steps')
      .notNullable()
      .comment('JSON array: createChat | postSummary | postAnalysis');
    table.text('last_error').nullable();
    table
      .timestamp('lease_until', { useTz: true })
      .nullable()
      .comment('A worker holds the War Room until then (null: nobody)');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('dismissed_by', 255).nullable();
    table.timestamp('dismissed_at', { useTz: true }).nullable();
    table.index(['entity_ref', 'created_at'], 'wecom_war_rooms_entity_idx');
    table.index(['status'], 'wecom_war_rooms_status_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_war_rooms');
};
