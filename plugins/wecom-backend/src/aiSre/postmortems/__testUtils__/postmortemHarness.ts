import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { WeComIncident, WeComWarRoom } from 'backstage-plugin-wecom-common';
import {
  WeComConversationLine,
  WeComIncidentAnalyzer,
  WeComPostmortemInput,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { applyMigrations } from '../../../database/migrations';
import { DatabaseIncidentProvider } from '../../../incidents/DatabaseIncidentProvider';
import { IncidentService } from '../../../incidents/IncidentService';
import { WeComIntegration } from '../../../integrations/types';
import { ConfinedIncidentContexts } from '../../IncidentContextBuilder';
import { DatabasePostmortemStore } from '../DatabasePostmortemStore';
import { DefaultPostmortemService } from '../PostmortemService';

export const T0 = DateTime.fromISO('2026-11-28T09:00:00.000Z', {
  zone: 'utc',
});
export const JDOE = 'user:default/jdoe';

/** The six sections, with the first conversation line quoted. */
export function sixSections(input: WeComPostmortemInput): string {
  const said = input.conversation.map(line => `- ${line.text}`).join('\n');
  return [
    `# Post-mortem: ${input.context.incident.title}`,
    '## Summary',
    'Payments were down.',
    '## Impact',
    'Checkout failed.',
    '## Timeline',
    ...input.context.timeline.map(entry => `- ${entry.message}`),
    '## Root cause',
    said || 'Not determined automatically — fill in',
    '## Corrective actions',
    '- Add a pool alarm',
    '## Lessons learned',
    '- Alert earlier',
  ].join('\n');
}

/**
 * A post-mortem service over a real database (incidents, timeline and
 * post-mortems) with small doubles for the analyzer, the context, the
 * conversation, the War Room and WeCom.
 */
export async function createPostmortemHarness(
  knex: Knex,
  options: { minIntervalSeconds?: number } = {},
) {
  await applyMigrations(knex);
  let now = T0;
  const clock = () => now;
  const logger = mockServices.logger.mock();
  const provider = new DatabaseIncidentProvider({ knex, logger, clock });
  const incidents = new IncidentService(provider);

  const analyzerInputs: WeComPostmortemInput[] = [];
  const analyzer: WeComIncidentAnalyzer & {
    writePostmortem: jest.Mock;
  } = {
    name: 'test-double',
    analyzeIncident: jest.fn(),
    answerQuestion: jest.fn(),
    writePostmortem: jest.fn(async (input: WeComPostmortemInput) => {
      analyzerInputs.push(input);
      return { markdown: sixSections(input) };
    }),
  };
  const contextBuilder: ConfinedIncidentContexts = {
    confinedTo: () => ({
      dataSource: {
        getIncident: id => provider.getIncident(id),
        listTimeline: id => provider.listTimeline(id),
        listIncidents: async query =>
          (await provider.listIncidents(query)).items,
        findSimilarIncidents: async () => [],
        describeEntity: async () => undefined,
      },
      forIncident: async incident => ({
        incident,
        timeline: await provider.listTimeline(incident.id),
        similarIncidents: [],
      }),
    }),
  };
  const conversation: WeComConversationLine[] = [];
  const warRoomsById = new Map<string, WeComWarRoom>();
  const sent: string[] = [];
  const failSendAt = { index: -1 };
  const client = {
    sendAppChatMessage: jest.fn(async (body: any) => {
      if (sent.length === failSendAt.index) {
        throw new Error('WeCom answered errcode 45009 (api freq out of limit)');
      }
      sent.push(body.markdown.content);
    }),
  };
  const integration = {
    id: 'acme',
    name: 'ACME corp',
    mode: 'customApp',
  } as WeComIntegration;

  const service = new DefaultPostmortemService({
    store: new DatabasePostmortemStore(knex),
    incidents,
    contextBuilder,
    conversations: {
      forIncident: async () => [...conversation],
    },
    analyzer,
    warRooms: {
      get: async id => {
        const warRoom = warRoomsById.get(id);
        if (!warRoom) throw new NotFoundError(`Incident ${id} has no War Room`);
        return warRoom;
      },
    },
    integrations: {
      get: async id => (id === integration.id ? integration : undefined),
    },
    clients: { forIntegration: () => client as any },
    minInterval: Duration.fromObject({
      seconds: options.minIntervalSeconds ?? 60,
    }),
    appBaseUrl: 'http://backstage.test',
    logger,
    now: clock,
  });

  return {
    service,
    incidents,
    provider,
    analyzer,
    analyzerInputs,
    conversation,
    sent,
    failSendAt,
    clock: {
      advance: (
        duration: Duration | { seconds?: number; minutes?: number },
      ) => {
        now = now.plus(duration);
      },
    },
    /** An incident, closed unless told otherwise. */
    async incident(
      wanted: { closed?: boolean; title?: string } = {},
    ): Promise<WeComIncident> {
      const incident = await provider.createIncident(
        {
          title: wanted.title ?? 'Payments API 5xx above 5%',
          severity: 'critical',
          entityRef: 'component:default/payments-api',
        },
        JDOE,
      );
      if (wanted.closed === false) return incident;
      return provider.transition(incident.id, { action: 'close' }, JDOE);
    },
    /** Gives the incident a War Room in this state. */
    warRoom(incidentId: string, status: WeComWarRoom['status'] = 'active') {
      warRoomsById.set(incidentId, {
        incidentId,
        integrationId: 'acme',
        chatId: 'wr0123456789abcdef0123456789abcd',
        name: 'Payments down',
        status,
        members: [],
        unlinked: [],
        pendingSteps: status === 'creating' ? ['postSummary'] : [],
        createdBy: JDOE,
        createdAt: T0.toISO()!,
        updatedAt: T0.toISO()!,
      });
    },
    timelineOf: async (incidentId: string) =>
      (await provider.listTimeline(incidentId)).filter(
        entry => entry.kind === 'postmortem',
      ),
  };
}
