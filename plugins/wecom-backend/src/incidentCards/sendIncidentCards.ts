import { WeComIncident } from 'backstage-plugin-wecom-common';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { CardDelivery } from './contracts';
import { describeRecipients } from '../recipients/describeRecipients';
import { RecipientResolver, RecipientSet } from '../recipients/types';

/** What sending an incident's cards needs. */
export interface CardSendingDeps {
  resolver: RecipientResolver;
  delivery: Pick<CardDelivery, 'notify'>;
  incidents: Pick<WeComIncidentProvider, 'addTimelineEntry'>;
}

/**
 * Resolves the people, queues their cards (one delivery row each, unlinked
 * and opted-out included) and says on the timeline who was reached and who
 * was not, so nobody is dropped silently.
 */
export async function sendIncidentCards(
  deps: CardSendingDeps,
  input: {
    incident: WeComIncident;
    integrationId: string;
    level: number;
    /** An escalation level's own targets; absent: the incident's responders. */
    targets?: string[];
    kind: 'notification' | 'escalation';
    /**
     * The first words of the timeline entry, given where the people came
     * from (e.g. `owner group:default/payments of component:default/api`).
     */
    headline: (basis: string) => string;
    data?: Record<string, unknown>;
    /** People who already have this incident's card: left out. */
    skip?: Set<string>;
  },
): Promise<RecipientSet> {
  const { incident, integrationId, level, skip } = input;
  const resolved = await deps.resolver.resolve(
    incident,
    integrationId,
    input.targets,
  );
  const recipients = skip ? withoutPeople(resolved, skip) : resolved;
  const anyone =
    recipients.recipients.length +
    recipients.unlinked.length +
    recipients.optedOut.length;
  // Only the people not reached before matter; none: nothing to say.
  if (skip && anyone === 0) return recipients;
  if (anyone > 0) {
    await deps.delivery.notify({ incident, integrationId, recipients, level });
  }
  const { notes = [], basis = 'responders' } = recipients as {
    notes?: string[];
    basis?: string;
  };
  await deps.incidents.addTimelineEntry(incident.id, {
    kind: input.kind,
    message: `${input.headline(
      basis,
    )} through integration ${integrationId}: ${describeRecipients({
      ...recipients,
      notes,
    })}`,
    data: {
      ...input.data,
      integrationId,
      level,
      recipients: recipients.recipients.map(r => r.entityRef),
      unlinked: recipients.unlinked,
      optedOut: recipients.optedOut,
      notes,
    },
  });
  return recipients;
}

function withoutPeople<T extends RecipientSet>(set: T, skip: Set<string>): T {
  return {
    ...set,
    recipients: set.recipients.filter(r => !skip.has(r.entityRef)),
    unlinked: set.unlinked.filter(ref => !skip.has(ref)),
    optedOut: set.optedOut.filter(ref => !skip.has(ref)),
  };
}
