import { createHash, randomBytes } from 'node:crypto';
import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { readTimestamp, writeTimestamp } from '../database/time';

const TABLE = 'wecom_workspace_tickets';

/** A ticket is redeemed right after the redirect; 5 minutes is plenty. */
export const WORKSPACE_TICKET_LIFETIME = Duration.fromObject({ minutes: 5 });

/** The verified member a ticket hands to the app. */
export interface WorkspaceTicket {
  integrationId: string;
  wecomUserId: string;
  redirectTo: string;
}

/** The outcome of {@link WorkspaceTicketStore.redeem}. */
export type TicketRedemption =
  | ({ status: 'redeemed' } & WorkspaceTicket)
  | { status: 'unknown' | 'used' | 'expired' };

/** The outcome of {@link WorkspaceTicketStore.peek}. */
export type TicketPeek =
  | ({ status: 'valid'; expiresAt: DateTime } & WorkspaceTicket)
  | { status: 'unknown' | 'used' | 'expired' };

interface TicketRow {
  integration_id: string;
  wecom_user_id: string;
  redirect_to: string;
  expires_at: unknown;
  used_at: unknown;
}

/**
 * Single-use tickets that carry a WeCom member, verified by OAuth2, from
 * the callback to the app. Only the ticket's SHA-256 is stored, so the
 * table alone cannot be used to link anyone.
 */
export class WorkspaceTicketStore {
  constructor(private readonly knex: Knex) {}

  async create(
    ticket: WorkspaceTicket,
    now: DateTime = DateTime.utc(),
  ): Promise<{ ticket: string; expiresAt: DateTime }> {
    const value = randomBytes(32).toString('base64url');
    const expiresAt = now.plus(WORKSPACE_TICKET_LIFETIME);
    await this.knex(TABLE).insert({
      ticket_hash: hashTicket(value),
      integration_id: ticket.integrationId,
      wecom_user_id: ticket.wecomUserId,
      redirect_to: ticket.redirectTo,
      expires_at: writeTimestamp(expiresAt),
      used_at: null,
    });
    return { ticket: value, expiresAt };
  }

  /**
   * Marks the ticket used and returns what it carries. The conditional
   * update is the guard: of two concurrent redemptions only one changes
   * the row.
   */
  async redeem(
    ticket: string,
    now: DateTime = DateTime.utc(),
  ): Promise<TicketRedemption> {
    const hash = hashTicket(ticket);
    const updated = await this.knex(TABLE)
      .where({ ticket_hash: hash })
      .whereNull('used_at')
      .where('expires_at', '>', writeTimestamp(now))
      .update({ used_at: writeTimestamp(now) });
    const row: TicketRow | undefined = await this.knex(TABLE)
      .where({ ticket_hash: hash })
      .first();
    if (!row) return { status: 'unknown' };
    if (updated === 0) {
      return readTimestamp(row.used_at)
        ? { status: 'used' }
        : { status: 'expired' };
    }
    return {
      status: 'redeemed',
      integrationId: row.integration_id,
      wecomUserId: row.wecom_user_id,
      redirectTo: row.redirect_to,
    };
  }

  /**
   * What an unused, unexpired ticket carries, without using it: the app
   * shows it and asks the user to confirm before {@link redeem}.
   */
  async peek(
    ticket: string,
    now: DateTime = DateTime.utc(),
  ): Promise<TicketPeek> {
    const row: TicketRow | undefined = await this.knex(TABLE)
      .where({ ticket_hash: hashTicket(ticket) })
      .first();
    if (!row) return { status: 'unknown' };
    if (readTimestamp(row.used_at)) return { status: 'used' };
    const expiresAt = readTimestamp(row.expires_at)!;
    if (expiresAt <= now) return { status: 'expired' };
    return {
      status: 'valid',
      expiresAt,
      integrationId: row.integration_id,
      wecomUserId: row.wecom_user_id,
      redirectTo: row.redirect_to,
    };
  }

  /** Forgets tickets past their expiry, used or not. */
  async prune(now: DateTime): Promise<number> {
    return this.knex(TABLE)
      .where('expires_at', '<', writeTimestamp(now))
      .delete();
  }
}

function hashTicket(ticket: string): string {
  return createHash('sha256').update(ticket).digest('hex');
}
