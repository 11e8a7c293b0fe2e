import { WeComIncident, WeComWarRoom } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { WeComIntegration } from '../integrations/types';
import { warRoomChatId } from './warRoomChatId';
import { WAR_ROOM_STEPS } from './WarRoomCreationSteps';
import { ResolvedMembers } from './WarRoomMembers';
import { memberOf } from './warRoomRules';

/**
 * A War Room about to be created: every step pending, owned by the
 * requester when linked (else the first linked person).
 */
export function newWarRoom(input: {
  incident: WeComIncident;
  integration: WeComIntegration;
  resolved: ResolvedMembers;
  name: string;
  requester: string | undefined;
  now: DateTime;
}): WeComWarRoom {
  const { incident, integration, resolved, now } = input;
  const owner =
    resolved.linked.find(person => person.role === 'requester') ??
    resolved.linked[0];
  return {
    incidentId: incident.id,
    integrationId: integration.id,
    chatId: warRoomChatId(integration.id, incident.id),
    name: input.name,
    status: 'creating',
    owner: { entityRef: owner.entityRef, wecomUserId: owner.wecomUserId },
    members: resolved.linked.map(person => memberOf(person, now)),
    unlinked: resolved.unlinked,
    entityRef: incident.entityRef,
    pendingSteps: [...WAR_ROOM_STEPS],
    createdBy: input.requester ?? 'a service',
    createdAt: now.toISO()!,
    updatedAt: now.toISO()!,
  };
}
