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

/**
 * The task_id of the part of a card held back for some of its recipients:
 * a new one, because WeCom refuses a task_id the app used before (page
 * 90236), within the same 128 characters.
 */
export function heldBackTaskId(taskId: string): string {
  const nonce = randomBytes(6).toString('hex');
  return `${taskId.slice(0, 112)}-h${nonce}`;
}

/**
 * Splits the JSON of a card send that never reached WeCom in two: the
 * recipients who may receive now keep the card's task_id, the held-back
 * ones get `heldTaskId`. Undefined when it cannot be split: the body
 * addresses departments, tags or everyone, or no one would be left to send
 * to now. Only for a body WeCom never saw: once it may have, its bytes must
 * not change (the duplicate check matches them).
 */
export function splitSendBody(
  body: string,
  heldUserIds: string[],
  heldTaskId: string,
): { now: string; nowUserIds: string[]; later: string } | undefined {
  const parsed = JSON.parse(body);
  if (parsed.toparty || parsed.totag || !parsed.template_card?.task_id) {
    return undefined;
  }
  const userIds: string[] = String(parsed.touser ?? '')
    .split('|')
    .filter(Boolean);
  if (userIds.includes('@all')) return undefined;
  const held = new Set(heldUserIds);
  const nowUserIds = userIds.filter(userId => !held.has(userId));
  const laterUserIds = userIds.filter(userId => held.has(userId));
  if (nowUserIds.length === 0 || laterUserIds.length === 0) return undefined;
  // Spreading keeps the keys in their order: only the recipients (and the
  // held part's task_id) differ from what the card was rendered as.
  return {
    now: JSON.stringify({ ...parsed, touser: nowUserIds.join('|') }),
    nowUserIds,
    later: JSON.stringify({
      ...parsed,
      touser: laterUserIds.join('|'),
      template_card: { ...parsed.template_card, task_id: heldTaskId },
    }),
  };
}
