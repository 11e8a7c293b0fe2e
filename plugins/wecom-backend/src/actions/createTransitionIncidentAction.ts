import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { ConflictError, InputError } from '@backstage/errors';
import {
  WECOM_INCIDENT_ACTIONS,
  wecomIncidentUpdatePermission,
} from 'backstage-plugin-wecom-common';
import {
  WECOM_MAX_SNOOZE_MINUTES,
  isWeComInvalidTransitionError,
} from 'backstage-plugin-wecom-node';
import { IncidentService } from '../incidents/IncidentService';
import { ActionAccess } from './actionAccess';
import {
  incidentIdInput,
  incidentOutput,
  toIncidentOutput,
} from './actionSchemas';

/** `wecom:transition-incident`: start processing, snooze, close or reopen. */
export function createTransitionIncidentAction(options: {
  actionsRegistry: ActionsRegistryService;
  access: ActionAccess;
  incidents: Pick<IncidentService, 'transition'>;
}) {
  const { actionsRegistry, access, incidents } = options;
  actionsRegistry.register({
    name: 'transition-incident',
    title: 'Change the status of a WeCom incident',
    description: `Changes the status of an incident, exactly like the buttons on the incident page and on the WeCom cards. The change is recorded on the incident's timeline (by the calling user), the WeCom cards of the incident are updated, and escalation stops or starts accordingly.

Actions and the statuses they apply to:
- "startProcessing" (acknowledge): from triggered or snoozed → processing. Stops escalation.
- "snooze": from triggered or processing → snoozed for snoozeMinutes (required, 1 to ${WECOM_MAX_SNOOZE_MINUTES}); afterwards it is triggered again and escalation restarts.
- "close": from triggered, processing or snoozed → closed.
- "reopen": from closed → triggered. Escalation starts again.

An action that does not apply to the current status is refused with the reason (e.g. "The incident is already closed; reopen it first"); read the incident with get-incident first when unsure. Needs the permission wecom.incident.update.`,
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          incidentId: incidentIdInput(z),
          action: z
            .enum(WECOM_INCIDENT_ACTIONS)
            .describe(
              'The status change: "startProcessing" (acknowledge, → processing), "snooze" (→ snoozed for snoozeMinutes), "close" (→ closed), "reopen" (closed → triggered).',
            ),
          snoozeMinutes: z
            .number()
            .int()
            .min(1)
            .max(WECOM_MAX_SNOOZE_MINUTES)
            .optional()
            .describe(
              `Only for "snooze", where it is required: how long to snooze, in minutes (1 to ${WECOM_MAX_SNOOZE_MINUTES}, i.e. at most one week), e.g. 30.`,
            ),
        }),
      output: z =>
        z.object({
          incident: incidentOutput(z).describe(
            'The incident after the change.',
          ),
        }),
    },
    examples: [
      {
        title: 'Acknowledge an incident',
        input: {
          incidentId: '3f1c9a52-7d4b-4e0a-9a61-2b8c0e4d7f10',
          action: 'startProcessing',
        },
      },
      {
        title: 'Snooze an incident for 30 minutes',
        input: {
          incidentId: '3f1c9a52-7d4b-4e0a-9a61-2b8c0e4d7f10',
          action: 'snooze',
          snoozeMinutes: 30,
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const { actor } = await access.authorize(
        credentials,
        wecomIncidentUpdatePermission,
      );
      const { incidentId, action, snoozeMinutes } = input;
      if (action === 'snooze' && snoozeMinutes === undefined) {
        throw new InputError(
          `snoozeMinutes is required to snooze (minutes, 1 to ${WECOM_MAX_SNOOZE_MINUTES})`,
        );
      }
      const incident = await access.audited(
        credentials,
        {
          eventId: 'incident-change',
          meta: { action, incidentId, snoozeMinutes: snoozeMinutes ?? null },
        },
        async () => {
          try {
            return await incidents.transition(
              incidentId,
              { action, ...(action === 'snooze' ? { snoozeMinutes } : {}) },
              actor,
            );
          } catch (error) {
            // The agent's mistake, answered with the reason like the route's 409.
            if (isWeComInvalidTransitionError(error)) {
              throw new ConflictError(
                `Cannot ${action} incident ${incidentId}: ${error.message}`,
              );
            }
            throw error;
          }
        },
      );
      return { output: { incident: toIncidentOutput(incident) } };
    },
  });
}
