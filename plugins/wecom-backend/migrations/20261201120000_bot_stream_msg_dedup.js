// @ts-check

/**
 * Bot messages are de-duplicated on their stream row itself: the receipt
 * (wecom_callback_receipts) and the stream row used to be two writes, and a
 * failure between them left a receipt without a stream, so WeCom's retry of
 * the message was answered as a repeat and the question was lost. The row's
 * INSERT … ON CONFLICT DO NOTHING is now the de-duplication, and a repeat is
 * answered from the row it hit.
 *
 * `msg_id` already exists and is filled on every row, also by replicas
 * still running the code before this migration (rolling upgrade): their
 * rows take part in the unique index at once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Before the index: keep the first stream of a message that has two
  // (none should, the receipts prevented it; a unique index must not fail
  // on a rare leftover).
  const duplicates = await knex('wecom_bot_streams')
    .select('integration_id', 'msg_id')
    .groupBy('integration_id', 'msg_id')
    .havingRaw('count(*) > 1');
  for (const { integration_id, msg_id } of duplicates) {
    const [keep] = await knex('wecom_bot_streams')
      .where({ integration_id, msg_id })
      .orderBy([
        { column: 'started_at', order: 'asc' },
        { column: 'stream_id', order: 'asc' },
      ])
      .limit(1)
      .select('stream_id');
    await knex('wecom_bot_streams')
      .where({ integration_id, msg_id })
      .whereNot('stream_id', keep.stream_id)
      .delete();
  }
  await knex.schema.alterTable('wecom_bot_streams', table => {
    table.unique(['integration_id', 'msg_id'], {
      indexName: 'wecom_bot_streams_msg_uniq',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('wecom_bot_streams', table => {
    table.dropUnique(
      ['integration_id', 'msg_id'],
      'wecom_bot_streams_msg_uniq',
    );
  });
};
