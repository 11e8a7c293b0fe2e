import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  wecomIncidentReadPermission,
  wecomWarRoomManagePermission,
} from 'backstage-plugin-wecom-common';
import { WarRoomService } from '../warRooms/WarRoomService';
import { ActionAccess } from './actionAccess';
import {
  incidentIdInput,
  toWarRoomOutput,
  warRoomOutput,
} from './actionSchemas';

const GROUP_STAYS =
  'The WeCom group chat itself stays (WeCom has no API to delete a group chat); its members can keep talking or leave it in WeCom.';

/** `wecom:dismiss-war-room`: closes an incident's War Room in Backstage. */
export function createDismissWarRoomAction(options: {
  actionsRegistry: ActionsRegistryService;
  access: ActionAccess;
  warRooms: Pick<WarRoomService, 'dismiss'>;
}) {
  const { actionsRegistry, access, warRooms } = options;
  actionsRegistry.register({
    name: 'dismiss-war-room',
    title: 'Dismiss the War Room of a WeCom incident',
    description: `Dismisses the War Room of an incident, usually once the incident is closed: the War Room is marked dismissed in Backstage, a closing message is posted to the group, it stops following the incident's responders, and the timeline records who dismissed it. ${GROUP_STAYS} Running create-war-room again reopens it.

Dismissing a dismissed War Room answers it unchanged. Fails when the incident has no War Room. Needs the permissions wecom.warRoom.manage and wecom.incident.read.`,
    attributes: { readOnly: false, idempotent: true, destructive: true },
    schema: {
      input: z => z.object({ incidentId: incidentIdInput(z) }),
      output: z =>
        z.object({
          ...warRoomOutput(z),
          dismissedBy: z
            .string()
            .optional()
            .describe('Who dismissed it (entity ref), if a user did.'),
          dismissedAt: z.string().optional().describe('ISO 8601.'),
          message: z
            .string()
            .describe('What happened, to tell the user, in plain words.'),
        }),
    },
    examples: [
      {
        title: 'Dismiss the War Room of a closed incident',
        input: { incidentId: '3f1c9a52-7d4b-4e0a-9a61-2b8c0e4d7f10' },
      },
    ],
    action: async ({ input, credentials }) => {
      const { actor } = await access.authorize(
        credentials,
        wecomWarRoomManagePermission,
      );
      // As the route: the group chat shows the incident to its requester.
      await access.authorize(credentials, wecomIncidentReadPermission);
      const warRoom = await access.audited(
        credentials,
        {
          eventId: 'war-room',
          meta: { action: 'dismiss', incidentId: input.incidentId },
        },
        () => warRooms.dismiss(input.incidentId, actor),
        result => ({ chatId: result.chatId }),
      );
      return {
        output: {
          ...toWarRoomOutput(warRoom),
          ...(warRoom.dismissedBy ? { dismissedBy: warRoom.dismissedBy } : {}),
          ...(warRoom.dismissedAt ? { dismissedAt: warRoom.dismissedAt } : {}),
          message: `The War Room "${warRoom.name}" is dismissed. ${GROUP_STAYS}`,
        },
      };
    },
  });
}
