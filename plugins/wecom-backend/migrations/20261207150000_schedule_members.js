// @ts-check

/**
 * Who is in which schedule's layers, one row each: finding a person's
 * schedules ("my shifts") reads their rows instead of every schedule's
 * layers JSON. The layers stay the source of truth; the store rewrites a
 * schedule's rows whenever it writes its layers. An index table rather than
 * a search in the JSON: `LIKE` on the layers text cannot use an index and
 * would match one ref inside another (`user:default/li` in `…/lisi`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_schedule_members', table => {
    table.comment(
      'Members of the layers of each schedule (from its layers JSON)',
    );
    table
      .string('schedule_id', 36)
      .notNullable()
      .references('id')
      .inTable('wecom_schedules')
      .onDelete('CASCADE');
    table
      .string('user_entity_ref', 255)
      .notNullable()
      .comment('A member of one of its layers, lower-case');
    table.primary(['schedule_id', 'user_entity_ref']);
    table.index(['user_entity_ref'], 'wecom_schedule_members_user_idx');
  });

  // The schedules made before this migration.
  const schedules = await knex('wecom_schedules').select('id', 'layers');
  const rows = [];
  for (const schedule of schedules) {
    /** @type {Array<{ members?: string[] }>} */
    const layers = JSON.parse(schedule.layers);
    const members = new Set(
      layers.flatMap(layer =>
        (layer.members ?? []).map(ref => ref.toLocaleLowerCase('en-US')),
      ),
    );
    for (const member of members) {
      rows.push({ schedule_id: schedule.id, user_entity_ref: member });
    }
  }
  // Two values a row: well under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 400) {
    await knex('wecom_schedule_members').insert(rows.slice(i, i + 400));
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wecom_schedule_members');
};
