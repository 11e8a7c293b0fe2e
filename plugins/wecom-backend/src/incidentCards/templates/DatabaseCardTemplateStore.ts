import { WeComCardTemplate } from 'backstage-plugin-wecom-common';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { readTimestamp, writeTimestamp } from '../../database/time';
import { CardTemplateStore } from './CardTemplateStore';

const TABLE = 'wecom_card_templates';
/** The integration default's key: primary key columns cannot be null. */
const NO_ENTITY = '';

interface TemplateRow {
  integration_id: string;
  entity_ref: string;
  title: string;
  body: string;
  updated_at: unknown;
  updated_by: string | null;
}

/** {@link CardTemplateStore} in the plugin's database. */
export class DatabaseCardTemplateStore implements CardTemplateStore {
  constructor(private readonly knex: Knex) {}

  async list(integrationId: string): Promise<WeComCardTemplate[]> {
    const rows: TemplateRow[] = await this.knex(TABLE)
      .where({ integration_id: integrationId })
      .orderBy('entity_ref', 'asc');
    return rows.map(toTemplate);
  }

  async get(integrationId: string, entityRef?: string) {
    const row: TemplateRow | undefined = await this.knex(TABLE)
      .where({
        integration_id: integrationId,
        entity_ref: entityRef ?? NO_ENTITY,
      })
      .first();
    return row ? toTemplate(row) : undefined;
  }

  async lookup(integrationId: string, entityRef?: string) {
    // The service's row sorts after the default's empty key.
    const row: TemplateRow | undefined = await this.knex(TABLE)
      .where({ integration_id: integrationId })
      .whereIn('entity_ref', [NO_ENTITY, entityRef ?? NO_ENTITY])
      .orderBy('entity_ref', 'desc')
      .first();
    return row ? toTemplate(row) : undefined;
  }

  async save(
    template: Omit<WeComCardTemplate, 'updatedAt'> & { updatedAt?: string },
  ): Promise<WeComCardTemplate> {
    const updatedAt = template.updatedAt
      ? DateTime.fromISO(template.updatedAt).toUTC()
      : DateTime.utc();
    const row = {
      integration_id: template.integrationId,
      entity_ref: template.entityRef ?? NO_ENTITY,
      title: template.title,
      body: template.body,
      updated_at: writeTimestamp(updatedAt),
      updated_by: template.updatedBy ?? null,
    };
    await this.knex(TABLE)
      .insert(row)
      .onConflict(['integration_id', 'entity_ref'])
      .merge(['title', 'body', 'updated_at', 'updated_by']);
    return toTemplate(row);
  }

  async delete(integrationId: string, entityRef?: string): Promise<boolean> {
    const deleted = await this.knex(TABLE)
      .where({
        integration_id: integrationId,
        entity_ref: entityRef ?? NO_ENTITY,
      })
      .delete();
    return deleted > 0;
  }

  async deleteIntegration(integrationId: string): Promise<void> {
    await this.knex(TABLE).where({ integration_id: integrationId }).delete();
  }
}

function toTemplate(row: TemplateRow): WeComCardTemplate {
  return {
    integrationId: row.integration_id,
    ...(row.entity_ref ? { entityRef: row.entity_ref } : {}),
    title: row.title,
    body: row.body,
    updatedAt: (readTimestamp(row.updated_at) ?? DateTime.utc()).toISO()!,
    ...(row.updated_by ? { updatedBy: row.updated_by } : {}),
  };
}
