import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogServiceRequestOptions } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import { InMemoryIncidentProvider } from 'backstage-plugin-wecom-node/testUtils';
import { DateTime } from 'luxon';
import { fakeLinkedUserAccess } from '../../../../access/__testUtils__/fakeLinkedUserAccess';
import { IntegrationService } from '../../../../integrations/IntegrationService';
import { LinkStore, UserLink } from '../../../../linking/LinkStore';
import { CatalogRecipientResolver } from '../../../../recipients/CatalogRecipientResolver';
import { CatalogResponderDirectory } from '../../../../recipients/CatalogResponderDirectory';
import { chooseIntegration } from '../../../../incidentCards/chooseIntegration';
import {
  FakePolicySource,
  FakeScheduleSource,
} from '../../../../oncall/__testUtils__/fakeSchedules';
import { OnCallResolver } from '../../../../oncall/OnCallResolver';
import { EscalationConfig } from '../../../../escalation/config';
import { demoOrg } from '../../../../__testUtils__/demoOrg';
import { BotCommandContext } from '../../BotCommands';
import { BotInboundMessage } from '../../types';
import { createBotCommands } from '..';

export const NOW = DateTime.fromISO('2026-11-26T10:00:00Z', { zone: 'utc' });
export const APP = 'https://backstage.example.com';

/** Links of one integration, in memory: just what the commands read. */
export class FakeLinkStore
  implements Pick<LinkStore, 'list' | 'listByUsers' | 'findByMember'>
{
  readonly links: UserLink[] = [];

  add(entityRef: string, wecomUserId: string, integrationId = 'acme') {
    this.links.push({
      integrationId,
      entityRef,
      wecomUserId,
      source: 'manual',
      linkedAt: NOW,
    });
    return this;
  }

  async list(integrationId: string) {
    return this.links.filter(l => l.integrationId === integrationId);
  }

  async listByUsers(integrationId: string, entityRefs: string[]) {
    const wanted = new Set(entityRefs.map(r => r.toLocaleLowerCase('en-US')));
    return this.links.filter(
      l =>
        l.integrationId === integrationId &&
        wanted.has(l.entityRef.toLocaleLowerCase('en-US')),
    );
  }

  async findByMember(integrationId: string, wecomUserId: string) {
    return this.links.find(
      l => l.integrationId === integrationId && l.wecomUserId === wecomUserId,
    );
  }
}

/**
 * The commands against the demo organisation (`demoOrg`: sre, payments,
 * platform; payments-api owned by payments), an in-memory incident
 * provider, a link store double with every demo user linked but `newhire`,
 * and two escalation levels.
 */
export function createCommandsTestBed(
  options: {
    entities?: Entity[];
    escalation?: EscalationConfig;
    optedOut?: string[];
    integrations?: Array<{ id: string; warRoom: { enabled: boolean } }>;
    notificationIntegration?: string;
    /** The permission policy for linked users; allow-all by default. */
    policy?: (entityRef: string, permission: string) => boolean;
    /** Backstage cannot act as linked users (no wecom sign-in provider). */
    unavailable?: boolean;
    /** Entities the catalog's own policy hides from users (not the plugin). */
    hiddenFromUsers?: string[];
    /** Schedules and policies on-call resolution reads; none by default. */
    schedules?: FakeScheduleSource;
    policies?: FakePolicySource;
  } = {},
) {
  const provider = new InMemoryIncidentProvider({ now: () => NOW.toJSDate() });
  const catalog = catalogServiceMock({
    entities: options.entities ?? demoOrg(),
  });
  const auth = mockServices.auth();
  const hidden = new Set(options.hiddenFromUsers ?? []);
  const getEntitiesByRefs = catalog.getEntitiesByRefs.bind(catalog);
  catalog.getEntitiesByRefs = async (request, catalogOptions) => {
    const found = await getEntitiesByRefs(request, catalogOptions);
    const { credentials } = catalogOptions as CatalogServiceRequestOptions;
    const asUser = auth.isPrincipal(credentials, 'user');
    return {
      items: found.items.map(entity =>
        entity &&
        asUser &&
        hidden.has(stringifyEntityRef(entity).toLocaleLowerCase('en-US'))
          ? undefined
          : entity,
      ),
    };
  };
  const links = new FakeLinkStore();
  for (const name of [
    'jdoe',
    'zhangsan',
    'lisi',
    'wangwu',
    'asmith',
    'chenjing',
  ]) {
    links.add(`user:default/${name}`, name.toUpperCase());
  }
  const integrations = options.integrations ?? [
    { id: 'acme', warRoom: { enabled: true } },
  ];
  const integrationList = {
    list: async () =>
      integrations as unknown as Awaited<
        ReturnType<IntegrationService['list']>
      >,
  };
  const schedules = options.schedules ?? new FakeScheduleSource();
  const policies = options.policies ?? new FakePolicySource();
  const onCall = new OnCallResolver({
    schedules,
    policies,
    directory: new CatalogResponderDirectory(catalog, auth),
    links,
    integrationFor: async () =>
      (
        await chooseIntegration(
          integrationList,
          options.notificationIntegration,
        )
      ).integrationId,
    now: () => NOW,
  });
  const resolver = new CatalogRecipientResolver({
    directory: new CatalogResponderDirectory(catalog, auth),
    onCall,
    links,
    preferences: {
      optedOut: async refs =>
        new Set(refs.filter(ref => options.optedOut?.includes(ref))),
    },
  });
  const auditor = mockServices.auditor.mock();
  const logger = mockServices.logger.mock();
  const access = fakeLinkedUserAccess({
    links,
    policy: options.policy,
    unavailable: options.unavailable,
  });
  const commands = createBotCommands({
    provider,
    catalog,
    auth,
    access,
    resolver,
    onCall,
    escalation: options.escalation ?? {
      levels: [
        { afterMinutes: 15, targets: ['group:default/sre'] },
        { afterMinutes: 60, targets: ['user:default/wangwu'] },
      ],
      renotifyMinutes: 10,
    },
    integrations: integrationList,
    notificationIntegration: options.notificationIntegration,
    auditor,
    logger,
    appBaseUrl: APP,
    now: () => NOW,
  });

  /** A message from a WeCom member (`ZHANGSAN` is zhangsan, linked). */
  const message = (
    overrides: Partial<BotInboundMessage> = {},
  ): BotInboundMessage => ({
    integrationId: 'acme',
    msgId: 'msg-1',
    chatType: 'single',
    fromUserId: 'ZHANGSAN',
    media: [],
    transport: 'callback',
    ...overrides,
  });

  /** Runs `text` as the member would send it. */
  const say = (
    text: string,
    extra: Partial<Omit<BotCommandContext, 'text'>> & {
      from?: string;
    } = {},
  ) =>
    commands.run({
      message: message({ fromUserId: extra.from ?? 'ZHANGSAN', text }),
      text,
      incident: extra.incident,
      asker: extra.asker,
    });

  /** An incident created minutes before now. */
  const seed = (
    seedInput: Partial<WeComIncident> & { minutesAgo?: number } = {},
  ) => {
    const { minutesAgo = 5, ...rest } = seedInput;
    const at = NOW.minus({ minutes: minutesAgo }).toISO()!;
    return provider.seedIncident({
      title: 'Payments API 5xx above 5%',
      severity: 'critical',
      entityRef: 'component:default/payments-api',
      createdAt: at,
      updatedAt: at,
      ...rest,
    });
  };

  /** The audit events' ids and meta, in order. */
  const auditEvents = () =>
    auditor.createEvent.mock.calls.map(([event]) => ({
      eventId: event.eventId,
      meta: event.meta as JsonObject,
    }));

  return {
    commands,
    provider,
    catalog,
    links,
    access,
    auditor,
    logger,
    say,
    seed,
    message,
    auditEvents,
  };
}
