import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  WeComIncident,
  WeComIncidentQuery,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { pastIncidentFixture as incident } from '../__testUtils__/incidentFixtures';
import { DefaultIncidentContextBuilder } from './DefaultIncidentContextBuilder';

/** Incidents newest first, as the provider contract lists them. */
function fakeProvider(incidents: WeComIncident[]) {
  const timeline: WeComTimelineEntry[] = [
    {
      id: 't1',
      incidentId: 'now',
      at: '2026-11-27T09:00:00.000Z',
      kind: 'created',
      message: 'Incident created',
    },
  ];
  const pages: WeComIncidentQuery[] = [];
  const provider = {
    pages,
    fail: false,
    getIncident: async (id: string) => incidents.find(i => i.id === id),
    listTimeline: async (id: string) =>
      timeline.filter(entry => entry.incidentId === id),
    listIncidents: async (query: WeComIncidentQuery) => {
      if (provider.fail) throw new Error('database is down');
      pages.push(query);
      const matching = incidents.filter(
        i => !query.status || query.status.includes(i.status),
      );
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 50;
      return {
        items: matching.slice(offset, offset + limit),
        totalCount: matching.length,
        offset,
        limit,
      };
    },
  };
  return provider;
}

const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    title: 'Payments API',
    links: [
      { url: 'https://grafana.example.com/d/payments', title: 'Dashboard' },
      { url: 'https://wiki.example.com/payments/runbook', title: 'On-call' },
    ],
    annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
  },
  spec: { type: 'service', lifecycle: 'production', system: 'checkout' },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/payments-team' },
    { type: 'dependencyOf', targetRef: 'component:default/checkout-web' },
  ],
};

/**
 * The catalog, recording whose credentials each read used; it hides
 * payments-api from `hiddenFrom`, as its own permission policy could.
 */
function recordingCatalog(hiddenFrom?: string) {
  const catalog = catalogServiceMock({ entities: [paymentsApi] });
  const asked: string[] = [];
  const getEntityByRef = catalog.getEntityByRef.bind(catalog);
  catalog.getEntityByRef = async (ref, options) => {
    const { principal } = (options as { credentials: any }).credentials;
    const who = principal.userEntityRef ?? principal.subject;
    asked.push(who);
    return who === hiddenFrom ? undefined : getEntityByRef(ref, options);
  };
  return { catalog, asked };
}

/** A bot asker who may see incidents and the whole catalog. */
const mayReadAll = {
  credentials: mockCredentials.user('user:default/admin'),
  mayReadIncidents: true,
};

const current = incident('now', 'Postgres connection pool exhausted', {
  status: 'triggered',
  entityRef: 'payments-api',
});

const pastIncidents = [
  incident('old-pool', 'Connection pool exhausted on Postgres', {
    closedBy: 'user:default/lisi',
  }),
  incident('cdn', 'CDN 502 on static assets'),
];

function builder(
  options: {
    provider?: ReturnType<typeof fakeProvider>;
    catalog?: ReturnType<typeof catalogServiceMock>;
    maxComparedIncidents?: number;
    now?: () => DateTime;
  } = {},
) {
  const logger = mockServices.logger.mock();
  const provider =
    options.provider ?? fakeProvider([current, ...pastIncidents]);
  return {
    logger,
    provider,
    builder: new DefaultIncidentContextBuilder({
      incidents: provider,
      catalog:
        options.catalog ?? catalogServiceMock({ entities: [paymentsApi] }),
      auth: mockServices.auth(),
      appBaseUrl: 'https://backstage.example.com',
      logger,
      maxComparedIncidents: options.maxComparedIncidents,
      now: options.now,
    }),
  };
}

describe('DefaultIncidentContextBuilder', () => {
  it('gathers the timeline, the catalog facts, similar past incidents and the page', async () => {
    const context = await builder().builder.forIncident(current);

    expect(context.timeline.map(entry => entry.message)).toEqual([
      'Incident created',
    ]);
    expect(context.entity).toEqual({
      entityRef: 'component:default/payments-api',
      title: 'Payments API',
      description: undefined,
      owners: ['group:default/payments-team'],
      system: 'checkout',
      lifecycle: 'production',
      links: [
        { title: 'On-call', url: 'https://wiki.example.com/payments/runbook' },
        { title: 'Dashboard', url: 'https://grafana.example.com/d/payments' },
        {
          title: 'TechDocs',
          url: 'https://backstage.example.com/docs/default/component/payments-api',
        },
      ],
      dependents: ['component:default/checkout-web'],
    });
    expect(context.similarIncidents.map(s => s.incident.id)).toEqual([
      'old-pool',
    ]);
    expect(context.incidentUrl).toBe(
      'https://backstage.example.com/wecom/incidents/now',
    );
  });

  it('goes on without the entity when the catalog fails', async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn().mockRejectedValue(new Error('ECONNREFUSED')),
    });
    const { builder: contexts, logger } = builder({ catalog });

    const context = await contexts.forIncident(current);

    expect(context.entity).toBeUndefined();
    expect(context.similarIncidents).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('ECONNREFUSED'),
    );
  });

  it('goes on without similar incidents when they cannot be read', async () => {
    const provider = fakeProvider([current, ...pastIncidents]);
    provider.fail = true;

    const context = await builder({ provider }).builder.forIncident(current);

    expect(context.similarIncidents).toEqual([]);
    expect(context.timeline).toHaveLength(1);
  });

  it('compares only the most recent closed incidents, read page by page', async () => {
    const filler = Array.from({ length: 500 }, (_, i) =>
      incident(`f${i}`, `Unrelated thing ${i}`),
    );
    // Newest first: the matching incident is the 501st, past the cap.
    const provider = fakeProvider([current, ...filler, pastIncidents[0]]);

    const context = await builder({
      provider,
      maxComparedIncidents: 450,
    }).builder.forIncident(current);

    expect(context.similarIncidents).toEqual([]);
    expect(provider.pages).toEqual([
      { status: ['closed'], offset: 0, limit: 200 },
      { status: ['closed'], offset: 200, limit: 200 },
      { status: ['closed'], offset: 400, limit: 50 },
    ]);
  });

  it('reuses the index for a minute, then reads the incidents again', async () => {
    let now = DateTime.fromISO('2026-11-27T10:00:00.000Z');
    const { builder: contexts, provider } = builder({ now: () => now });

    await contexts.forIncident(current);
    await contexts
      .scopedTo(mayReadAll)
      .dataSource.findSimilarIncidents('cdn 502');
    expect(provider.pages).toHaveLength(1);

    now = now.plus({ minutes: 2 });
    await contexts.forIncident(current);
    expect(provider.pages).toHaveLength(2);
  });

  it('offers the reads a model may call as tools to a reader who may see incidents', async () => {
    const contexts = builder().builder.scopedTo(mayReadAll);

    const similar = await contexts.dataSource.findSimilarIncidents(
      'static assets 502 from the CDN',
    );
    const listed = await contexts.dataSource.listIncidents({
      status: ['closed'],
      limit: 1000,
    });

    expect(similar[0].incident.id).toBe('cdn');
    expect(listed.map(i => i.id)).toEqual(['old-pool', 'cdn']);
    expect(
      await contexts.dataSource.describeEntity('component:default/nope'),
    ).toBeUndefined();
    expect(
      (await contexts.dataSource.describeEntity('payments-api'))?.owners,
    ).toEqual(['group:default/payments-team']);
  });

  describe('scoped to one reader (a bot asker)', () => {
    const zhangsan = mockCredentials.user('user:default/zhangsan');

    it('refuses every incident read, without reading, when the reader may not see incidents', async () => {
      const { builder: contexts, provider } = builder();
      const scoped = contexts.scopedTo({
        credentials: zhangsan,
        mayReadIncidents: false,
      });

      const refused = /may not see incidents \(wecom\.incident\.read\)/;
      await expect(scoped.dataSource.getIncident('now')).rejects.toThrow(
        refused,
      );
      await expect(scoped.dataSource.listTimeline('now')).rejects.toThrow(
        refused,
      );
      await expect(scoped.dataSource.listIncidents({})).rejects.toThrow(
        refused,
      );
      await expect(
        scoped.dataSource.findSimilarIncidents('connection pool'),
      ).rejects.toThrow(refused);
      await expect(scoped.forIncident(current)).rejects.toThrow(refused);
      expect(provider.pages).toEqual([]);
    });

    it("reads the catalog with the reader's credentials, so the catalog's policy applies", async () => {
      // The catalog's own policy: zhangsan may not see payments-api.
      const { catalog, asked } = recordingCatalog('user:default/zhangsan');
      const { builder: contexts } = builder({ catalog });
      const scoped = contexts.scopedTo({
        credentials: zhangsan,
        mayReadIncidents: true,
      });

      expect(await scoped.dataSource.describeEntity('payments-api')).toBe(
        undefined,
      );
      expect((await scoped.forIncident(current)).entity).toBeUndefined();
      expect(await scoped.dataSource.getIncident('now')).toEqual(current);
      expect(asked).toEqual(['user:default/zhangsan', 'user:default/zhangsan']);
    });
  });

  describe('confined to one incident (its War Room analysis, its post-mortem)', () => {
    const confinement =
      /may read only incident now and its entity component:default\/payments-api/;

    it('refuses other incidents, lists, searches and other entities, without reading them', async () => {
      const { builder: contexts, provider } = builder();
      const confined = contexts.confinedTo(current);
      const read = jest.spyOn(provider, 'getIncident');

      await expect(confined.dataSource.getIncident('cdn')).rejects.toThrow(
        confinement,
      );
      await expect(confined.dataSource.listTimeline('cdn')).rejects.toThrow(
        confinement,
      );
      await expect(confined.dataSource.listIncidents({})).rejects.toThrow(
        confinement,
      );
      await expect(
        confined.dataSource.findSimilarIncidents('CDN 502'),
      ).rejects.toThrow(confinement);
      await expect(
        confined.dataSource.describeEntity('component:default/checkout-web'),
      ).rejects.toThrow(confinement);
      await expect(confined.forIncident(pastIncidents[1])).rejects.toThrow(
        confinement,
      );
      expect(read).not.toHaveBeenCalled();
      expect(provider.pages).toEqual([]);
    });

    it('reads its own incident, timeline and entity', async () => {
      const confined = builder().builder.confinedTo(current);

      expect(await confined.dataSource.getIncident('now')).toEqual(current);
      expect(await confined.dataSource.listTimeline('now')).toHaveLength(1);
      expect(
        (await confined.dataSource.describeEntity('Component:payments-api'))
          ?.owners,
      ).toEqual(['group:default/payments-team']);
    });

    it('keeps the similar past incidents the plugin picked, as summaries only', async () => {
      const described = incident('old-pool', 'Connection pool exhausted', {
        description: 'db password was hunter2 in the logs',
        labels: { team: 'dba' },
        fields: { host: 'db-7' },
        closedBy: 'user:default/lisi',
      });
      const { builder: contexts } = builder({
        provider: fakeProvider([current, described]),
      });

      const { similarIncidents } = await contexts
        .confinedTo(current)
        .forIncident(current);

      expect(similarIncidents).toHaveLength(1);
      expect(similarIncidents[0].incident).toMatchObject({
        id: 'old-pool',
        title: 'Connection pool exhausted',
        closedBy: 'user:default/lisi',
      });
      expect(JSON.stringify(similarIncidents)).not.toMatch(/hunter2|dba|db-7/);
    });

    it("reads the entity with the asking person's credentials when given", async () => {
      const { catalog, asked } = recordingCatalog();
      const confined = builder({ catalog }).builder.confinedTo(current, {
        catalogAs: mockCredentials.user('user:default/jdoe'),
      });

      await confined.forIncident(current);
      await confined.dataSource.describeEntity('payments-api');

      expect(asked).toEqual(['user:default/jdoe', 'user:default/jdoe']);
    });
  });
});
