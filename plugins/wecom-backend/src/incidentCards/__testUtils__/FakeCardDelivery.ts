import { WeComIncident } from 'backstage-plugin-wecom-common';
import { CardDelivery } from '../contracts';
import { RecipientSet } from '../../recipients/types';

/** Records what would be sent and updated, instead of the outbox. */
export class FakeCardDelivery implements CardDelivery {
  readonly notified: Array<{
    incident: WeComIncident;
    integrationId: string;
    recipients: RecipientSet;
    level: number;
  }> = [];
  readonly statusChanges: Array<{
    incident: WeComIncident;
    changedBy?: string;
  }> = [];

  async notify(input: {
    incident: WeComIncident;
    integrationId: string;
    recipients: RecipientSet;
    level: number;
  }): Promise<void> {
    this.notified.push(input);
  }

  async statusChanged(
    incident: WeComIncident,
    changedBy?: string,
  ): Promise<void> {
    this.statusChanges.push({ incident, changedBy });
  }

  async notifiedUsers(incidentId: string): Promise<Set<string>> {
    return new Set(
      this.notified
        .filter(n => n.incident.id === incidentId)
        .flatMap(n => [
          ...n.recipients.recipients.map(r => r.entityRef),
          ...n.recipients.unlinked,
          ...n.recipients.optedOut,
        ]),
    );
  }

  /** Who each notification reached, e.g. `[0, ['user:default/jdoe']]`. */
  sends(incidentId?: string): Array<[number, string[]]> {
    return this.notified
      .filter(n => !incidentId || n.incident.id === incidentId)
      .map(n => [n.level, n.recipients.recipients.map(r => r.entityRef)]);
  }
}
