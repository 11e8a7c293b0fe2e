import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  WeComEscalationPolicy,
  WeComEscalationPolicyInput,
} from 'backstage-plugin-wecom-common';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { readTimestamp, writeTimestamp } from '../database/time';

const TABLE = 'wecom_escalation_policies';
const MAX_ID_LENGTH = 60;

/**
 * Escalation policies in the plugin's database. Input arrives validated
 * and normalised (`policyInput.ts`); the store keeps names unique
 * regardless of case and ids immutable.
 */
export class EscalationPolicyStore {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => DateTime = () => DateTime.utc(),
  ) {}

  /** Every policy, by name. */
  async list(): Promise<WeComEscalationPolicy[]> {
    const rows = await this.knex(TABLE).orderBy('name_key').select();
    return rows.map(toPolicy);
  }

  async get(id: string): Promise<WeComEscalationPolicy | undefined> {
    const row = await this.knex(TABLE).where({ id }).first();
    return row ? toPolicy(row) : undefined;
  }

  /** The ids of the policies that page a schedule at some level. */
  async namingSchedule(scheduleId: string): Promise<string[]> {
    return (await this.pagingSchedule(scheduleId)).map(policy => policy.id);
  }

  /** The policies that page a schedule at some level. */
  async pagingSchedule(scheduleId: string): Promise<WeComEscalationPolicy[]> {
    return (await this.list()).filter(policy =>
      policy.levels.some(level =>
        level.targets.some(
          target => target.kind === 'schedule' && target.ref === scheduleId,
        ),
      ),
    );
  }

  /** The policies a group owns (`ownerRef`), by name. */
  async ownedBy(groupRef: string): Promise<WeComEscalationPolicy[]> {
    const rows = await this.knex(TABLE)
      .where({ owner_ref: groupRef.toLocaleLowerCase('en-US') })
      .orderBy('name_key')
      .select();
    return rows.map(toPolicy);
  }

  /**
   * Stores a new policy, its id a slug of the name (`-2`, `-3`, … when
   * taken). Refuses a name another policy has, in any case.
   */
  async create(
    input: WeComEscalationPolicyInput,
  ): Promise<WeComEscalationPolicy> {
    const at = writeTimestamp(this.now());
    try {
      return await this.knex.transaction(async trx => {
        await this.refuseTakenName(trx, input.name);
        const id = await this.freeId(trx, slugOf(input.name));
        await trx(TABLE).insert({
          id,
          ...columnsOf(input),
          version: 1,
          created_at: at,
          updated_at: at,
        });
        return toPolicy(await trx(TABLE).where({ id }).first());
      });
    } catch (error) {
      // Two creates of one name at once: the unique index stops the second,
      // which is answered as the taken name it is rather than a 500.
      await this.refuseTakenName(this.knex, input.name);
      throw error;
    }
  }

  /** Replaces a policy's fields and bumps its version. */
  async update(
    id: string,
    input: WeComEscalationPolicyInput,
  ): Promise<WeComEscalationPolicy> {
    return this.knex.transaction(async trx => {
      const current = await trx(TABLE).where({ id }).first();
      if (!current) throw new NotFoundError(`No escalation policy "${id}"`);
      await this.refuseTakenName(trx, input.name, id);
      await trx(TABLE)
        .where({ id })
        .update({
          ...columnsOf(input),
          version: Number(current.version) + 1,
          updated_at: writeTimestamp(this.now()),
        });
      return toPolicy(await trx(TABLE).where({ id }).first());
    });
  }

  /** Deletes a policy; answers whether there was one. */
  async delete(id: string): Promise<boolean> {
    return (await this.knex(TABLE).where({ id }).delete()) > 0;
  }

  private async refuseTakenName(trx: Knex, name: string, exceptId?: string) {
    const query = trx(TABLE).where({ name_key: nameKey(name) });
    if (exceptId) query.whereNot({ id: exceptId });
    const other = await query.first('id');
    if (other) {
      throw new ConflictError(
        `The name "${name}" is taken by escalation policy "${other.id}" (names are compared regardless of case)`,
      );
    }
  }

  /** `payments`, else `payments-2`, `payments-3`, … */
  private async freeId(trx: Knex, base: string): Promise<string> {
    const taken = new Set(
      (
        await trx(TABLE)
          .where('id', base)
          .orWhere('id', 'like', `${base}-%`)
          .select('id')
      ).map(row => String(row.id)),
    );
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) {
      const candidate = `${base}-${n}`;
      if (!taken.has(candidate)) return candidate;
    }
  }
}

/**
 * `Payments API (primary)` → `payments-api-primary`. Names with no Latin
 * letters or digits (`支付`) become `policy`, then `policy-2`, …
 */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_ID_LENGTH)
    .replace(/^-+|-+$/g, '');
  return slug || 'policy';
}

function nameKey(name: string): string {
  return name.toLocaleLowerCase('en-US');
}

function columnsOf(input: WeComEscalationPolicyInput) {
  return {
    name: input.name,
    name_key: nameKey(input.name),
    owner_ref: input.ownerRef,
    levels: JSON.stringify(input.levels),
    repeat: input.repeat,
  };
}

function toPolicy(row: Record<string, unknown>): WeComEscalationPolicy {
  return {
    id: String(row.id),
    name: String(row.name),
    ownerRef: String(row.owner_ref),
    levels: JSON.parse(String(row.levels)),
    repeat: Number(row.repeat),
    version: Number(row.version),
    createdAt: readTimestamp(row.created_at)!.toISO()!,
    updatedAt: readTimestamp(row.updated_at)!.toISO()!,
  };
}
