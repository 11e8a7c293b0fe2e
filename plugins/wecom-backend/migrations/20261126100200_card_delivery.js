// @ts-check

/**
 * Incident cards: the outbox of `message/send` requests (stored once,
 * sent byte-identical on every attempt), the cards sent (one per up to
 * 1,000 recipients), each recipient's delivery, and the response codes
 * that may update a card (each spendable once within 72 hours).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_card_outbox', table => {
    table.comment(
      'message/send requests of incident cards, until WeCom took them',
    );
    table.increments('id');
    table.string('task_id', 128).notNullable();
    table.string('integration_id', 64).notNullable();
    table.string('incident_id', 64).notNullable();
    table
      .text('body')
      .notNullable()
      .comment('The exact JSON of message/send (never the access token)');
    table
      .string('status', 16)
      .notNullable()
      .comment('pending | sending | sent | failed');
    table.integer('attempts').notNullable().defaultTo(0);
    table.timestamp('available_at', { useTz: true }).notNullable();
    table.string('claimed_by', 64).nullable();
    table.timestamp('claimed_at', { useTz: true }).nullable();
    table
      .timestamp('first_attempt_at', { useTz: true })
      .nullable()
      .comment("Starts WeCom's duplicate-check window: no retry after it");
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.text('last_error').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['task_id'], { indexName: 'wecom_card_outbox_task_uq' });
    table.index(['status', 'available_at'], 'wecom_card_outbox_due_idx');
  });

  await knex.schema.createTable('wecom_incident_cards', table => {
    table.comment('Incident cards sent through WeCom, one per task_id');
    table.string('task_id', 128).primary().notNullable();
    table.string('integration_id', 64).notNullable();
    table.string('incident_id', 64).notNullable();
    table.integer('level').notNullable().defaultTo(0);
    table.text('recipients').notNullable().comment('JSON: WeCom userids');
    table
      .string('send_status', 16)
      .notNullable()
      .comment('pending | sent | failed');
    table
      .string('shown_status', 16)
      .notNullable()
      .comment('The incident status the card shows');
    table
      .string('target_status', 16)
      .notNullable()
      .comment('The status the card should show');
    table
      .string('target_changed_by', 255)
      .nullable()
      .comment('Who made the latest change, shown on the card');
    table
      .timestamp('sync_due_at', { useTz: true })
      .nullable()
      .comment('When the card should next be brought up to date; null: never');
    table
      .integer('sync_requests')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Counts status changes asking for a sync (a sync clears its own)',
      );
    table
      .boolean('stale')
      .notNullable()
      .defaultTo(false)
      .comment('No response code was left to bring it up to date');
    table.string('sync_claimed_by', 64).nullable();
    table.timestamp('sync_claimed_at', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['incident_id'], 'wecom_incident_cards_incident_idx');
    table.index(['sync_due_at'], 'wecom_incident_cards_sync_due_idx');
  });

  await knex.schema.createTable('wecom_card_deliveries', table => {
    table.comment('One row per recipient of an incident card (or why none)');
    table.increments('id');
    table.string('incident_id', 64).notNullable();
    table.string('integration_id', 64).notNullable();
    table
      .string('task_id', 128)
      .nullable()
      .comment('Absent for unlinked and opted-out responders');
    table.string('entity_ref', 255).notNullable();
    table.string('wecom_user_id', 64).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('pending | sent | failed | invalidUser | unlinked | optedOut');
    table.integer('level').notNullable().defaultTo(0);
    table.text('error').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['incident_id'], 'wecom_card_deliveries_incident_idx');
    table.index(['task_id'], 'wecom_card_deliveries_task_idx');
  });

  await knex.schema.createTable('wecom_card_response_codes', table => {
    table.comment('Response codes of cards: each spendable once within 72 h');
    table.increments('id');
    table
      .string('code_hash', 64)
      .notNullable()
      .comment('SHA-256 of the code, for lookups of any length of code');
    table.text('code').notNullable();
    table.string('task_id', 128).notNullable();
    table.string('integration_id', 64).notNullable();
    table.string('source', 8).notNullable().comment('send | click');
    table
      .timestamp('obtained_at', { useTz: true })
      .notNullable()
      .comment('When WeCom issued it, at the latest; the 72 h count from here');
    table.timestamp('spent_at', { useTz: true }).nullable();
    table.string('spent_for', 32).nullable();
    table.text('error').nullable();
    table
      .timestamp('handled_at', { useTz: true })
      .nullable()
      .comment(
        "A click's action was done (so a retried event does not redo it)",
      );
    table.unique(['code_hash'], { indexName: 'wecom_card_codes_hash_uq' });
    table.index(['task_id', 'spent_at'], 'wecom_card_codes_task_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_card_response_codes');
  await knex.schema.dropTable('wecom_card_deliveries');
  await knex.schema.dropTable('wecom_incident_cards');
  await knex.schema.dropTable('wecom_card_outbox');
};
