import type { CorpDirectory } from '../directory';
import { ErrCode, WeComError } from '../errcodes';
import type { EmulatorApp } from '../types';

/** WeCom's cap on `touser` members per message/send. */
export const MAX_TOUSER = 1000;

/** Recipients of a message/send, as WeCom reports them back. */
export interface Recipients {
  valid: string[];
  invalidUsers: string[];
  invalidParties: string[];
  invalidTags: string[];
}

/**
 * Resolves `touser` ("a|b|c" or "@all"), `toparty` and `totag` to the members
 * the app can reach; unknown or invisible ones are reported, not delivered.
 */
export function resolveRecipients(
  corp: CorpDirectory,
  app: EmulatorApp,
  target: { touser?: string; toparty?: string; totag?: string },
): Recipients {
  const users = splitIds(target.touser);
  const parties = splitIds(target.toparty);
  const tags = splitIds(target.totag);
  if (users.length + parties.length + tags.length === 0) {
    throw new WeComError(
      ErrCode.INVALID_PARAMETER,
      'touser, toparty and totag are all empty',
    );
  }
  if (users.length > MAX_TOUSER) {
    throw new WeComError(
      ErrCode.INVALID_PARAMETER,
      `touser has ${users.length} members, at most ${MAX_TOUSER} allowed`,
    );
  }

  const valid = new Set<string>();
  const invalidUsers: string[] = [];
  if (users.includes('@all')) {
    for (const user of corp.visibleUsers(app)) valid.add(user.userid);
  } else {
    for (const userid of users) {
      if (corp.isVisible(app, userid)) valid.add(userid);
      else invalidUsers.push(userid);
    }
  }

  const invalidParties: string[] = [];
  if (parties.length > 0) {
    const wanted = new Set(parties.map(Number));
    const found = new Set<number>();
    for (const user of corp.visibleUsers(app)) {
      for (const dept of user.department ?? []) {
        if (!wanted.has(dept)) continue;
        found.add(dept);
        valid.add(user.userid);
      }
    }
    invalidParties.push(...parties.filter(p => !found.has(Number(p))));
  }

  // The emulator has no tags: every tag is reported invalid.
  return { valid: [...valid], invalidUsers, invalidParties, invalidTags: tags };
}

function splitIds(value: string | undefined): string[] {
  if (!value) return [];
  const ids = value
    .split('|')
    .map(id => id.trim())
    .filter(Boolean);
  return [...new Set(ids)];
}
