// @ts-check

/**
 * App callbacks are de-duplicated on the job row itself: the receipt and the
 * job used to be two writes, and a replica that died between them left a
 * receipt without a job, so WeCom's retry was answered as a repeat and the
 * event was lost. One INSERT … ON CONFLICT DO NOTHING now does both.
 * NULL (bot and suite jobs never use it) never conflicts.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('wecom_callback_jobs', table => {
    table
      .string('dedup_key', 128)
      .nullable()
      .comment('The callback this job came from, once per key');
    table.unique(['dedup_key'], {
      indexName: 'wecom_callback_jobs_dedup_key_uniq',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('wecom_callback_jobs', table => {
    table.dropUnique(['dedup_key'], 'wecom_callback_jobs_dedup_key_uniq');
    table.dropColumn('dedup_key');
  });
};
