import {
  CARD_SNOOZE_MINUTES,
  CardRenderer,
  TemplateCard,
  cardActionKey,
} from '../../contracts';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import { STATUS_LABELS } from '../../../text/incidentLabels';

/**
 * A stand-in for the real renderer: a button_interaction card whose title
 * carries the status (and who changed it), with the buttons of that status.
 */
export function createFakeCardRenderer(): CardRenderer & {
  rendered: Array<{ taskId: string; status: string; changedBy?: string }>;
} {
  const rendered: Array<{
    taskId: string;
    status: string;
    changedBy?: string;
  }> = [];
  const card = (
    incident: WeComIncident,
    taskId: string,
    changedBy?: string,
  ): TemplateCard => {
    rendered.push({ taskId, status: incident.status, changedBy });
    const id = incident.id;
    const buttons =
      incident.status === 'closed'
        ? []
        : [
            ...(incident.status === 'processing'
              ? []
              : [
                  {
                    text: 'Start Processing',
                    style: 1,
                    key: cardActionKey(id, { kind: 'startProcessing' }),
                  },
                ]),
            {
              text: 'Close Directly',
              style: 2,
              key: cardActionKey(id, { kind: 'close' }),
            },
            {
              text: 'Snooze 2 hours',
              style: 2,
              key: cardActionKey(id, {
                kind: 'snooze',
                minutes: CARD_SNOOZE_MINUTES.button,
              }),
            },
          ];
    return {
      card_type: 'button_interaction',
      main_title: {
        title: incident.title,
        desc: `${STATUS_LABELS[incident.status]}${
          changedBy ? ` by ${changedBy}` : ''
        }`,
      },
      task_id: taskId,
      button_list: [
        ...buttons,
        {
          text: 'Refresh',
          style: 4,
          key: cardActionKey(id, { kind: 'refresh' }),
        },
      ],
      // The ⋯ menu's longer snoozes, while snoozing applies (as the real cards).
      ...(incident.status === 'triggered' || incident.status === 'processing'
        ? {
            action_menu: {
              desc: 'Snooze',
              action_list: CARD_SNOOZE_MINUTES.menu.map(minutes => ({
                text: `Snooze ${minutes} min`,
                key: cardActionKey(id, { kind: 'snooze', minutes }),
              })),
            },
          }
        : {}),
    };
  };
  return {
    rendered,
    async renderIncidentCard({ incident, taskId }) {
      return {
        card: card(incident, taskId),
        templateUsed: 'default',
        warnings: [],
      };
    },
    async renderUpdatedCard({ incident, taskId, changedBy }) {
      return card(incident, taskId, changedBy);
    },
  };
}
