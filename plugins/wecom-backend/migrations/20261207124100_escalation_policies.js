// @ts-check

/**
 * Escalation policies per service: ordered levels of targets (schedules,
 * groups, users) with delays, repeated `repeat` times. Components pick one
 * with the `work.weixin.qq.com/escalation-policy` annotation or inherit
 * their owner group's. A run snapshots the policy it started with onto its
 * timers, so editing a policy never changes an incident already escalating.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wecom_escalation_policies', table => {
    table.comment('Escalation policies that components and groups pick');
    table
      .string('id', 64)
      .primary()
      .notNullable()
      .comment('A slug of the name at creation; never changes');
    table.string('name', 100).notNullable();
    table
      .string('name_key', 100)
      .notNullable()
      .comment('The name in lower case: names are unique regardless of case');
    table
      .string('owner_ref', 255)
      .notNullable()
      .comment('The owning catalog group, lower-case');
    table
      .text('levels')
      .notNullable()
      .comment('JSON: [{ targets: [{ kind, ref }], delayMinutes }]');
    table.integer('repeat').notNullable().defaultTo(0);
    table
      .integer('version')
      .notNullable()
      .defaultTo(1)
      .comment('Bumped by each edit; runs name the version they started with');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['name_key'], {
      indexName: 'wecom_escalation_policies_name_key_idx',
    });
    table.index(['owner_ref'], 'wecom_escalation_policies_owner_idx');
  });

  await knex.schema.alterTable('wecom_escalation_timers', table => {
    table
      .text('policy')
      .nullable()
      .comment(
        'JSON snapshot of the stored policy the run started with; null = wecom.escalation',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('wecom_escalation_timers', table => {
    table.dropColumn('policy');
  });
  await knex.schema.dropTable('wecom_escalation_policies');
};
