import {
  WECOM_INCIDENT_SEVERITIES,
  WECOM_INCIDENT_STATUSES,
  WECOM_WAR_ROOM_STATUSES,
  WeComIncident,
  WeComWarRoom,
} from 'backstage-plugin-wecom-common';
import type { z as zodV3 } from 'zod/v3';

/** The zod (v3) the actions registry hands to schema callbacks. */
export type Zod = typeof zodV3;

/** The `incidentId` input every incident and War Room action takes. */
export const incidentIdInput = (z: Zod) =>
  z
    .string()
    .trim()
    .min(1)
    .max(64)
    .describe(
      'The incident id, as shown in the incident page URL (/wecom/incidents/<id>) or returned when the incident was opened, e.g. "3f1c9a52-7d4b-4e0a-9a61-2b8c0e4d7f10".',
    );

/** An incident as the actions answer it; fields a provider adds pass through. */
export const incidentOutput = (z: Zod) =>
  z
    .object({
      id: z.string().describe('The incident id.'),
      title: z.string().describe('One-line summary of what is wrong.'),
      severity: z
        .enum(WECOM_INCIDENT_SEVERITIES)
        .describe('How bad it is; "critical" is the worst.'),
      status: z
        .enum(WECOM_INCIDENT_STATUSES)
        .describe(
          '"triggered": open and nobody acknowledged it yet (escalation runs); "processing": someone is working on it; "snoozed": quiet until snoozedUntil, then triggered again; "closed": done.',
        ),
      description: z.string().optional().describe('Details, if any.'),
      entityRef: z
        .string()
        .optional()
        .describe(
          'The catalog entity the incident is about, e.g. "component:default/payments-api".',
        ),
      responders: z
        .array(z.string())
        .describe(
          'Explicit responders (user or group entity refs). Empty means the owners of the entity respond.',
        ),
      source: z
        .string()
        .describe('Where it came from: "api", "alertmanager", or a provider.'),
      createdAt: z.string().describe('ISO 8601 time it was opened.'),
      updatedAt: z.string().describe('ISO 8601 time of the last change.'),
      acknowledgedBy: z
        .string()
        .optional()
        .describe('Who started processing it (entity ref).'),
      acknowledgedAt: z.string().optional().describe('ISO 8601.'),
      snoozedUntil: z
        .string()
        .optional()
        .describe('ISO 8601 time a snoozed incident is triggered again.'),
      closedBy: z.string().optional().describe('Who closed it (entity ref).'),
      closedAt: z.string().optional().describe('ISO 8601.'),
    })
    .passthrough()
    .describe('The incident.');

/**
 * The incident in the shape of {@link incidentOutput}: a plain copy, whose
 * type (unlike the interface) admits the fields that pass through.
 */
export function toIncidentOutput(incident: WeComIncident) {
  return { ...incident };
}

/** One timeline entry of an incident. */
export const timelineEntryOutput = (z: Zod) =>
  z
    .object({
      id: z.string().describe('The entry id.'),
      incidentId: z.string().describe('The incident it belongs to.'),
      at: z.string().describe('ISO 8601 time it happened.'),
      actor: z
        .string()
        .optional()
        .describe(
          'Who did it: an entity ref, a source such as "alertmanager", or absent for the system.',
        ),
      kind: z
        .string()
        .describe(
          'What happened, e.g. "created", "transition", "alert", "notification", "escalation", "comment", "war-room".',
        ),
      message: z.string().describe('What happened, in plain words.'),
      data: z
        .record(z.unknown())
        .optional()
        .describe('Structured details of the entry.'),
    })
    .describe('One thing that happened to the incident.');

/** A War Room as the War Room actions answer it. */
export const warRoomOutput = (z: Zod) => ({
  incidentId: z.string().describe('The incident the War Room belongs to.'),
  chatId: z
    .string()
    .describe(
      'The WeCom group chat id (derived from the incident, so it never changes).',
    ),
  name: z.string().describe('The name of the WeCom group chat.'),
  status: z
    .enum(WECOM_WAR_ROOM_STATUSES)
    .describe(
      '"active": the group exists and follows the responders; "creating": a step failed part-way (see lastError; running create-war-room again finishes it); "dismissed": closed in Backstage, the WeCom group itself stays.',
    ),
  members: z
    .array(
      z.object({
        entityRef: z
          .string()
          .describe('The catalog user, e.g. "user:default/zhangsan".'),
        role: z
          .enum(['requester', 'responder', 'follower'])
          .describe(
            'Why they are in the group: asked for it, responds to the incident, or was invited on top.',
          ),
      }),
    )
    .describe('The people in the WeCom group.'),
  notLinked: z
    .array(z.string())
    .describe(
      'Users who should be in the group but have no linked WeCom account, so they are not in it. An admin links them in Backstage under Settings → WeCom → Linked Users.',
    ),
  pendingSteps: z
    .array(z.enum(['createChat', 'postSummary', 'postAnalysis']))
    .describe('Creation steps still to do; empty once the War Room is ready.'),
  lastError: z
    .string()
    .optional()
    .describe('Why the last attempt stopped part-way, if it did.'),
});

/** The War Room fields an agent needs, in the shape of {@link warRoomOutput}. */
export function toWarRoomOutput(warRoom: WeComWarRoom) {
  return {
    incidentId: warRoom.incidentId,
    chatId: warRoom.chatId,
    name: warRoom.name,
    status: warRoom.status,
    members: warRoom.members.map(({ entityRef, role }) => ({
      entityRef,
      role,
    })),
    notLinked: warRoom.unlinked,
    pendingSteps: warRoom.pendingSteps,
    ...(warRoom.lastError ? { lastError: warRoom.lastError } : {}),
  };
}
