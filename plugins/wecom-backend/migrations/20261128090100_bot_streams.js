// @ts-check

/**
 * The smart bot's stream replies over the callback: one row per answer.
 * WeCom's stream-refresh callbacks may reach any replica, so the answer's
 * text so far lives here, written by the replica that computes it (which
 * beats `heartbeat_at` while it works) and read by whichever replica WeCom
 * asks.
 *
 * Also indexes War Rooms by chat, for the bot to find a chat's incident.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_bot_streams', table => {
    table.comment('Streamed answers of the smart bot over the callback');
    table
      .string('stream_id', 64)
      .primary()
      .notNullable()
      .comment('The stream id given to WeCom (random)');
    table.string('integration_id', 64).notNullable();
    table
      .string('msg_id', 128)
      .notNullable()
      .comment("The member's message the stream answers");
    table
      .string('chat_key', 128)
      .notNullable()
      .comment('group:<chatid> or single:<userid>');
    table.string('from_user_id', 64).notNullable();
    table
      .text('content')
      .notNullable()
      .comment('The whole answer so far (markdown)');
    table.boolean('finished').notNullable().defaultTo(false);
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table
      .timestamp('heartbeat_at', { useTz: true })
      .notNullable()
      .comment('The answering replica is alive as of then');
    table
      .string('owner', 128)
      .notNullable()
      .comment('The replica computing the answer');
    table
      .text('response_url')
      .nullable()
      .comment('One-time URL for a reply after WeCom stopped refreshing');
    table
      .timestamp('delivered_at', { useTz: true })
      .nullable()
      .comment('A refresh handed WeCom the finished answer');
    table
      .timestamp('posted_at', { useTz: true })
      .nullable()
      .comment('The finished answer went to response_url instead');
    table.index(
      ['integration_id', 'from_user_id', 'finished'],
      'wecom_bot_streams_user_idx',
    );
    table.index(['started_at'], 'wecom_bot_streams_started_idx');
  });
  await knex.schema.alterTable('wecom_war_rooms', table => {
    table.index(['integration_id', 'chat_id'], 'wecom_war_rooms_chat_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('wecom_war_rooms', table => {
    table.dropIndex(['integration_id', 'chat_id'], 'wecom_war_rooms_chat_idx');
  });
  await knex.schema.dropTable('wecom_bot_streams');
};
