import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  wecomIncidentReadPermission,
  wecomWarRoomManagePermission,
} from 'backstage-plugin-wecom-common';
import { warRoomCreateSchema } from '../warRooms/validation';
import { WarRoomUpstreamError } from '../warRooms/warRoomErrors';
import { WAR_ROOM_NAME_MAX } from '../warRooms/WarRoomNamer';
import { WarRoomService } from '../warRooms/WarRoomService';
import { ActionAccess } from './actionAccess';
import {
  incidentIdInput,
  toWarRoomOutput,
  warRoomOutput,
} from './actionSchemas';
import { parseInput } from '../http/parseInput';

/** `wecom:create-war-room`: a WeCom group chat for an incident. */
export function createCreateWarRoomAction(options: {
  actionsRegistry: ActionsRegistryService;
  access: ActionAccess;
  warRooms: Pick<WarRoomService, 'create'>;
}) {
  const { actionsRegistry, access, warRooms } = options;
  actionsRegistry.register({
    name: 'create-war-room',
    title: 'Open a War Room for a WeCom incident',
    description: `Opens the War Room of an incident: a WeCom group chat with the incident's responders (its explicit responders, else the owners of its catalog entity; groups expand to their members), the calling user, and any extra members given. The group gets a summary of the incident with a link to it, then an analysis. Everything is recorded on the incident's timeline.

Safe to call again (one War Room per incident): when it is already active, the existing one is returned and extra members are invited; when an earlier attempt stopped part-way (status "creating"), the remaining steps are done; a dismissed War Room is reopened.

People without a linked WeCom account cannot join and are listed in notLinked. WeCom needs at least 2 linked people for a group; otherwise the call is refused with the names to link. It is also refused when no WeCom integration has War Room enabled. Needs the permissions wecom.warRoom.manage and wecom.incident.read.`,
    attributes: { readOnly: false, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          incidentId: incidentIdInput(z),
          members: z
            .array(
              z
                .string()
                .trim()
                .min(1)
                .max(255)
                .describe(
                  'A user or group entity ref, e.g. "user:default/zhangsan" or "group:default/sre"; a bare name means a user.',
                ),
            )
            .max(100)
            .optional()
            .describe(
              'Extra people to invite on top of the responders (as followers): user or group entity refs. Leave out to invite only the responders and yourself.',
            ),
          name: z
            .string()
            .trim()
            .min(1)
            .max(WAR_ROOM_NAME_MAX)
            .optional()
            .describe(
              'A group chat name instead of the configured one (at most 50 characters), e.g. "[CRITICAL] Payments down". Leave out for the default, e.g. "[CRITICAL] #3F1C9A52 Payments API 5xx".',
            ),
        }),
      output: z =>
        z.object({
          ...warRoomOutput(z),
          created: z
            .boolean()
            .describe(
              'True when this call created, finished or reopened the War Room; false when it was already active.',
            ),
        }),
    },
    examples: [
      {
        title: 'Open a War Room with the responders',
        input: { incidentId: '3f1c9a52-7d4b-4e0a-9a61-2b8c0e4d7f10' },
      },
      {
        title: 'Open a War Room and invite the SRE team and a DBA',
        input: {
          incidentId: '3f1c9a52-7d4b-4e0a-9a61-2b8c0e4d7f10',
          members: ['group:default/sre', 'user:default/lisi'],
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const { actor } = await access.authorize(
        credentials,
        wecomWarRoomManagePermission,
      );
      // As the route: the group chat shows the incident to its requester.
      await access.authorize(credentials, wecomIncidentReadPermission);
      // The route's own validation: the same full, lower-case refs.
      const { incidentId, ...body } = input;
      const request = parseInput(warRoomCreateSchema, body, 'War Room');
      const { warRoom, created } = await access.audited(
        credentials,
        {
          eventId: 'war-room',
          meta: {
            action: 'create',
            incidentId,
            members: request.members ?? [],
          },
        },
        async () => {
          try {
            return await warRooms.create(incidentId, request, actor);
          } catch (error) {
            // MCP clients only see the message of errors Backstage knows;
            // this one names the failed step and what to do about it.
            if (error instanceof WarRoomUpstreamError) {
              throw new ServiceUnavailableError(error.message, error.cause);
            }
            throw error;
          }
        },
        result => ({ chatId: result.warRoom.chatId, created: result.created }),
      );
      return { output: { ...toWarRoomOutput(warRoom), created } };
    },
  });
}
