// @ts-check

/**
 * On-call schedules: layers of rotations (stored as JSON, read whole with
 * their schedule) and overrides ("I take Tuesday") that put someone on call
 * for a period, whatever the layers say.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_schedules', table => {
    table.comment('On-call schedules, each owned by a catalog group');
    table.string('id', 36).primary().notNullable().comment('UUID');
    table.string('name', 255).notNullable();
    table
      .string('owner_ref', 255)
      .notNullable()
      .comment('The owning group entity ref, lower-case');
    table.string('time_zone', 64).notNullable().comment('IANA zone');
    table
      .text('layers')
      .notNullable()
      .comment('JSON array of layers, most important first');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['owner_ref'], 'wecom_schedules_owner_idx');
  });

  await knex.schema.createTable('wecom_schedule_overrides', table => {
    table.comment('Someone on call in a schedule for a period');
    table.string('id', 36).primary().notNullable().comment('UUID');
    table
      .string('schedule_id', 36)
      .notNullable()
      .references('id')
      .inTable('wecom_schedules')
      .onDelete('CASCADE');
    table
      .string('user_entity_ref', 255)
      .notNullable()
      .comment('Who is on call, lower-case');
    table.timestamp('start_at', { useTz: true }).notNullable();
    table.timestamp('end_at', { useTz: true }).notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(
      ['schedule_id', 'end_at'],
      'wecom_schedule_overrides_schedule_idx',
    );
    table.index(
      ['user_entity_ref', 'end_at'],
      'wecom_schedule_overrides_user_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_schedule_overrides');
  await knex.schema.dropTable('wecom_schedules');
};
