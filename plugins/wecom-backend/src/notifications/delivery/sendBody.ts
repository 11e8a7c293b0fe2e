import { randomBytes } from 'node:crypto';
import { TemplateCard } from '../contracts';
import { DUPLICATE_CHECK_SECONDS } from './policy';

/**
 * The JSON of one `message/send` of a card, serialised once: the outbox
 * stores these bytes and sends them unchanged on every attempt, so WeCom's
 * duplicate check recognises a retry. The access token is not part of it
 * (it travels in the URL).
 */
export function buildSendBody(input: {
  agentId: number;
  userIds: string[];
  card: TemplateCard;
}): string {
  return JSON.stringify({
    touser: input.userIds.join('|'),
    msgtype: 'template_card',
    agentid: input.agentId,
    template_card: input.card,
    enable_duplicate_check: 1,
    duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
  });
}

/**
 * A task_id for one card: unique per app (WeCom refuses a reused one), at
 * most 128 letters, digits and `_-@`. It names the incident for people
 * reading WeCom's logs; the random part makes re-notifications distinct.
 */
export function newTaskId(
  incidentId: string,
  level: number,
  part: number,
): string {
  const incident = incidentId.replace(/[^A-Za-z0-9_\-@]/g, '_').slice(0, 64);
  const nonce = randomBytes(6).toString('hex');
  return `inc-${incident}-l${level}-p${part}-${nonce}`;
}

/** Splits a list into runs of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    runs.push(items.slice(i, i + size));
  }
  return runs;
}
