import { Knex } from 'knex';

/**
 * Whether the database is PostgreSQL: row locks and shared budgets there,
 * while SQLite (one process, one writer at a time) needs neither.
 */
export function isPostgres(knex: Knex): boolean {
  return (knex.client as { dialect?: string }).dialect === 'postgresql';
}
