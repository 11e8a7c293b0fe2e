// @ts-check

/**
 * Alert storms: a member who got many cards in the last minute receives the
 * next incidents in one digest message instead of a card each, so nobody
 * goes over WeCom's per-member limit (30 a minute, 1,000 an hour per app;
 * the excess is dropped silently, page 90454).
 *
 * - `wecom_card_digests`: one digest message per member while it collects
 *   incidents; it is sent through the card outbox under its `task_id`.
 * - `wecom_card_deliveries.group_label`: the service and cause a digested
 *   incident is counted under ("payments-api (HighLatency)").
 * - An index on the deliveries by member and time: the per-member count of
 *   recent cards is read on every notification.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_card_digests', table => {
    table.comment('Digest messages: the incidents a member got in one message');
    table.string('task_id', 128).primary().notNullable();
    table.string('integration_id', 64).notNullable();
    table.string('wecom_user_id', 64).notNullable();
    table.string('entity_ref', 255).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('collecting (takes incidents) | sending | sent | failed');
    table.timestamp('due_at', { useTz: true }).notNullable();
    table.timestamp('sent_at', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(
      ['integration_id', 'wecom_user_id', 'status'],
      'wecom_card_digests_member_idx',
    );
  });
  await knex.schema.alterTable('wecom_card_deliveries', table => {
    table
      .string('group_label', 255)
      .nullable()
      .comment('Service and cause a digested incident is counted under');
    table.index(
      ['integration_id', 'wecom_user_id', 'created_at'],
      'wecom_card_deliveries_member_time_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('wecom_card_deliveries', table => {
    table.dropIndex(
      ['integration_id', 'wecom_user_id', 'created_at'],
      'wecom_card_deliveries_member_time_idx',
    );
    table.dropColumn('group_label');
  });
  await knex.schema.dropTable('wecom_card_digests');
};
