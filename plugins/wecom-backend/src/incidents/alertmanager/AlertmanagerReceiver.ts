import { ServiceUnavailableError } from '@backstage/errors';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import { IncidentService } from '../IncidentService';
import { AlertGroupStore } from './AlertGroupStore';
import {
  ALERTMANAGER,
  alertEntryOf,
  incidentFromAlertGroup,
} from './mapAlertGroup';
import { AlertmanagerPayload } from './payload';
import { isWeComInvalidTransitionError } from 'backstage-plugin-wecom-node';

/** What a notification did. */
export interface AlertmanagerOutcome {
  /**
   * `opened` a new incident, `grouped` into the group's open one, `closed`
   * it, or `ignored` (resolved with no open incident).
   */
  action: 'opened' | 'grouped' | 'closed' | 'ignored';
  incident?: WeComIncident;
}

/** Racing deliveries wait for the one opening the incident this often. */
const MAX_ATTEMPTS = 20;
const WAIT_MS = 100;

/**
 * Turns Alertmanager notifications into incidents: one incident per alert
 * group (its `groupKey`) while it is open. Firing opens it or adds to it,
 * resolved closes it; a group that fires again after its incident was
 * closed opens a new one.
 */
export class AlertmanagerReceiver {
  constructor(
    private readonly incidents: IncidentService,
    private readonly groups: AlertGroupStore,
  ) {}

  receive(payload: AlertmanagerPayload): Promise<AlertmanagerOutcome> {
    return payload.status === 'firing'
      ? this.firing(payload)
      : this.resolved(payload);
  }

  private async firing(
    payload: AlertmanagerPayload,
  ): Promise<AlertmanagerOutcome> {
    const entry = alertEntryOf(payload);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const group = await this.groups.get(payload.groupKey);
      const open = await this.openIncidentOf(group?.incidentId);
      if (open) {
        await this.incidents.addTimelineEntry(open.id, entry);
        return { action: 'grouped', incident: open };
      }
      if (!this.groups.isOpening(group)) {
        const claim = await this.groups.claimOpening(payload.groupKey, group);
        if (claim !== undefined) {
          return this.open(payload, claim, entry);
        }
      }
      // Another delivery of this group is opening its incident: wait for it.
      await new Promise(resolve => setTimeout(resolve, WAIT_MS));
    }
    throw new ServiceUnavailableError(
      'Another delivery of this alert group is still opening its incident; try again',
    );
  }

  private async open(
    payload: AlertmanagerPayload,
    claim: number,
    entry: ReturnType<typeof alertEntryOf>,
  ): Promise<AlertmanagerOutcome> {
    let incident: WeComIncident;
    try {
      incident = await this.incidents.create(
        incidentFromAlertGroup(payload),
        ALERTMANAGER,
      );
    } catch (error) {
      await this.groups.releaseOpening(payload.groupKey, claim);
      throw error;
    }
    await this.groups.recordOpened(payload.groupKey, claim, incident.id);
    await this.incidents.addTimelineEntry(incident.id, entry);
    return { action: 'opened', incident };
  }

  private async resolved(
    payload: AlertmanagerPayload,
  ): Promise<AlertmanagerOutcome> {
    const group = await this.groups.get(payload.groupKey);
    const open = await this.openIncidentOf(group?.incidentId);
    if (!open) return { action: 'ignored' };
    await this.incidents.addTimelineEntry(open.id, alertEntryOf(payload));
    try {
      const closed = await this.incidents.transition(
        open.id,
        { action: 'close' },
        ALERTMANAGER,
      );
      return { action: 'closed', incident: closed };
    } catch (error) {
      // Someone closed it meanwhile: the alert's end is recorded anyway.
      if (isWeComInvalidTransitionError(error)) {
        return { action: 'ignored', incident: error.incident };
      }
      throw error;
    }
  }

  private async openIncidentOf(
    id: string | undefined,
  ): Promise<WeComIncident | undefined> {
    if (!id) return undefined;
    const incident = await this.incidents.provider.getIncident(id);
    return incident && incident.status !== 'closed' ? incident : undefined;
  }
}
