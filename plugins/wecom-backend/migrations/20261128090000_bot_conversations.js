// @ts-check

/**
 * What the smart bot saw and said: one row per line of a chat, kept for the
 * bot's follow-up questions and for post-mortems (a War Room's lines carry
 * its incident).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_bot_messages', table => {
    table.comment('Lines of the chats the smart bot took part in');
    table.bigIncrements('id').primary();
    table.string('integration_id', 64).notNullable();
    table
      .string('chat_key', 128)
      .notNullable()
      .comment('group:<chatid> or single:<userid>');
    table
      .string('incident_id', 64)
      .nullable()
      .comment('The incident the chat is about (a War Room), when known');
    table
      .string('from_user_id', 64)
      .notNullable()
      .comment('WeCom userid, or "bot" for the bot\'s answers');
    table.string('entity_ref', 255).nullable();
    table.text('text').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(
      ['integration_id', 'chat_key', 'at'],
      'wecom_bot_messages_chat_idx',
    );
    table.index(['incident_id', 'at'], 'wecom_bot_messages_incident_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_bot_messages');
};
