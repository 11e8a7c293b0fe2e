import { RecipientSet } from './types';

// A timeline line stays readable; `data` keeps the full lists.
const LISTED = 20;

/**
 * Says in plain words who gets a card and who does not, e.g. `card queued
 * for 2: user:default/jdoe, user:default/lisi; not linked to WeCom:
 * user:default/newhire`. The outbox records the send itself.
 */
export function describeRecipients(
  set: RecipientSet & { notes?: string[] },
): string {
  const parts = [
    set.recipients.length > 0
      ? `card queued for ${set.recipients.length}: ${list(
          set.recipients.map(r => r.entityRef),
        )}`
      : 'nobody to send a card to',
  ];
  if (set.unlinked.length > 0) {
    parts.push(`not linked to WeCom: ${list(set.unlinked)}`);
  }
  if (set.optedOut.length > 0) {
    parts.push(`turned WeCom notifications off: ${list(set.optedOut)}`);
  }
  parts.push(...(set.notes ?? []));
  return parts.join('; ');
}

function list(refs: string[]): string {
  const shown = refs.slice(0, LISTED).join(', ');
  return refs.length > LISTED
    ? `${shown} and ${refs.length - LISTED} more`
    : shown;
}
