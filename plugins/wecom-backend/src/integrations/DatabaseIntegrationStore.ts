import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { readTimestamp } from '../database/time';
import { readStoredBot } from './botSettings';
import { IntegrationStore } from './IntegrationStore';
import { SecretSealer } from './sealing';
import { BotSettings, CallbackKeys, WeComIntegration } from './types';

const TABLE = 'wecom_integrations';

interface IntegrationRow {
  id: string;
  name: string;
  mode: string;
  corp_id: string;
  agent_id: number | null;
  api_base_url: string;
  suite_id: string | null;
  war_room_enabled: boolean | number;
  match_personal_email: boolean | number;
  sealed_secrets: string;
  created_at: unknown;
  updated_at: unknown;
}

/**
 * Everything secret, sealed as one JSON value. The whole bot is in here,
 * its transport included: the long connection's Secret is as sensitive as
 * the callback keys, and rows sealed before the long connection existed
 * hold the bot's bare Token and EncodingAESKey.
 */
interface SealedSecrets {
  secret?: string;
  callback?: CallbackKeys;
  bot?: BotSettings | CallbackKeys;
}

/** Knex implementation of {@link IntegrationStore}. */
export class DatabaseIntegrationStore implements IntegrationStore {
  constructor(
    private readonly knex: Knex,
    private readonly sealer: () => SecretSealer,
  ) {}

  async list(): Promise<WeComIntegration[]> {
    const rows = await this.knex<IntegrationRow>(TABLE).orderBy('id');
    return rows.map(row => this.fromRow(row));
  }

  async get(id: string): Promise<WeComIntegration | undefined> {
    const row = await this.knex<IntegrationRow>(TABLE).where({ id }).first();
    return row ? this.fromRow(row) : undefined;
  }

  async create(integration: WeComIntegration): Promise<WeComIntegration> {
    const now = DateTime.utc().toJSDate();
    const existing = await this.knex(TABLE)
      .where({ id: integration.id })
      .first();
    if (existing) {
      throw new ConflictError(
        `An integration with id "${integration.id}" already exists`,
      );
    }
    await this.knex(TABLE).insert({
      ...this.toRow(integration),
      created_at: now,
      updated_at: now,
    });
    return (await this.get(integration.id))!;
  }

  async update(integration: WeComIntegration): Promise<WeComIntegration> {
    await this.knex(TABLE)
      .where({ id: integration.id })
      .update({
        ...this.toRow(integration),
        updated_at: DateTime.utc().toJSDate(),
      });
    return (await this.get(integration.id))!;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.knex(TABLE).where({ id }).delete()) > 0;
  }

  private toRow(integration: WeComIntegration) {
    const secrets: SealedSecrets = {
      secret: integration.secret,
      callback: integration.callback,
      bot: integration.bot,
    };
    return {
      id: integration.id,
      name: integration.name,
      mode: integration.mode,
      corp_id: integration.corpId,
      agent_id: integration.agentId ?? null,
      api_base_url: integration.apiBaseUrl,
      suite_id: integration.suiteId ?? null,
      war_room_enabled: integration.warRoom.enabled,
      match_personal_email:
        integration.oneClickLink?.matchPersonalEmail ?? false,
      sealed_secrets: this.sealer().seal(
        JSON.stringify(secrets),
        integration.id,
      ),
    };
  }

  private fromRow(row: IntegrationRow): WeComIntegration {
    const secrets = JSON.parse(
      this.sealer().open(row.sealed_secrets, row.id),
    ) as SealedSecrets;
    return {
      id: row.id,
      name: row.name,
      mode: row.mode as WeComIntegration['mode'],
      corpId: row.corp_id,
      agentId: row.agent_id ?? undefined,
      apiBaseUrl: row.api_base_url,
      suiteId: row.suite_id ?? undefined,
      warRoom: { enabled: Boolean(row.war_room_enabled) },
      oneClickLink: {
        matchPersonalEmail: Boolean(row.match_personal_email),
      },
      secret: secrets.secret,
      callback: secrets.callback,
      bot: readStoredBot(secrets.bot),
      source: 'database',
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
    };
  }
}

function toIso(value: unknown): string | undefined {
  return readTimestamp(value)?.toISO() ?? undefined;
}
