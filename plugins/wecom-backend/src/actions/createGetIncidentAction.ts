import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { wecomIncidentReadPermission } from 'backstage-plugin-wecom-common';
import { IncidentService } from '../incidents/IncidentService';
import { ActionAccess } from './actionAccess';
import {
  incidentIdInput,
  incidentOutput,
  toIncidentOutput,
  timelineEntryOutput,
} from './actionSchemas';

const DEFAULT_TIMELINE_LIMIT = 20;

/** `wecom:get-incident`: an incident and what happened to it lately. */
export function createGetIncidentAction(options: {
  actionsRegistry: ActionsRegistryService;
  access: ActionAccess;
  incidents: Pick<IncidentService, 'get' | 'timeline'>;
}) {
  const { actionsRegistry, access, incidents } = options;
  actionsRegistry.register({
    name: 'get-incident',
    title: 'Get WeCom incident',
    description: `Reads one incident of the WeCom incident integration: its title, severity, status, the catalog entity it is about, its responders and who acknowledged or closed it, plus the latest entries of its timeline (oldest first: alerts, status changes, notifications, escalations, War Room events).

Use it before changing an incident (transition-incident) or opening a War Room (create-war-room), to see where the incident stands. Needs the permission wecom.incident.read.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          incidentId: incidentIdInput(z),
          timelineLimit: z
            .number()
            .int()
            .min(0)
            .max(200)
            .optional()
            .describe(
              `How many of the latest timeline entries to return (0 to 200, default ${DEFAULT_TIMELINE_LIMIT}); 0 returns none.`,
            ),
        }),
      output: z =>
        z.object({
          incident: incidentOutput(z),
          timeline: z
            .array(timelineEntryOutput(z))
            .describe('The latest timeline entries, oldest first.'),
          timelineTotal: z
            .number()
            .int()
            .describe(
              'How many entries the timeline has in all; more than returned means older ones were left out.',
            ),
        }),
    },
    examples: [
      {
        title: 'Read an incident and its last 5 timeline entries',
        input: {
          incidentId: '3f1c9a52-7d4b-4e0a-9a61-2b8c0e4d7f10',
          timelineLimit: 5,
        },
      },
    ],
    action: async ({ input, credentials }) => {
      await access.authorize(credentials, wecomIncidentReadPermission);
      const [incident, timeline] = await Promise.all([
        incidents.get(input.incidentId),
        incidents.timeline(input.incidentId),
      ]);
      const limit = input.timelineLimit ?? DEFAULT_TIMELINE_LIMIT;
      return {
        output: {
          incident: toIncidentOutput(incident),
          timeline: limit > 0 ? timeline.slice(-limit) : [],
          timelineTotal: timeline.length,
        },
      };
    },
  });
}
