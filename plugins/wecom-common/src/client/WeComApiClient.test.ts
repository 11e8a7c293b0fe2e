import { ResponseError } from '@backstage/errors';
import { WeComApiClient } from './WeComApiClient';

/** The frontend's `discoveryApi`, as `mockApis.discovery` answers it. */
/** An integration view, opaque to the client. */
const acmeIntegration = { id: 'acme', name: 'Acme' };

const discoveryApi = {
  getBaseUrl: async (pluginId: string) => `http://backstage/api/${pluginId}`,
};

function jsonResponse(body: unknown, status = 200, statusText = 'OK') {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'content-type': 'application/json' },
  });
}

describe('WeComApiClient', () => {
  it('lists integrations through the fetchApi, which adds the user token', async () => {
    const fetchApi = {
      fetch: jest
        .fn()
        .mockResolvedValue(jsonResponse({ items: [acmeIntegration] })),
    };
    const client = new WeComApiClient({ discoveryApi, fetchApi });

    await expect(client.listIntegrations()).resolves.toEqual([acmeIntegration]);
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      'http://backstage/api/wecom/integrations',
      expect.objectContaining({ method: 'GET' }),
    );
  });

  it('lists the configured suites for the setup form', async () => {
    const suites = [{ suiteId: 'wwsuite7', name: 'Incident Alerts' }];
    const fetchApi = {
      fetch: jest.fn().mockResolvedValue(jsonResponse({ items: suites })),
    };
    const client = new WeComApiClient({ discoveryApi, fetchApi });

    await expect(client.listSuites()).resolves.toEqual(suites);
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      'http://backstage/api/wecom/suites',
      expect.objectContaining({ method: 'GET' }),
    );
  });

  it('runs the health check of one integration', async () => {
    const report = {
      integrationId: 'a/b',
      ok: true,
      checkedAt: '',
      checks: [],
    };
    const fetchApi = {
      fetch: jest.fn().mockResolvedValue(jsonResponse(report)),
    };
    const client = new WeComApiClient({ discoveryApi, fetchApi });

    await expect(client.testIntegration('a/b')).resolves.toEqual(report);
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      'http://backstage/api/wecom/integrations/a%2Fb/test',
      expect.objectContaining({ method: 'POST' }),
    );
  });

  it('turns an error answer into a ResponseError with the backend message', async () => {
    const fetchApi = {
      fetch: jest.fn().mockResolvedValue(
        jsonResponse(
          {
            error: { name: 'NotFoundError', message: 'No integration nope' },
            response: { statusCode: 404 },
          },
          404,
          'Not Found',
        ),
      ),
    };
    const client = new WeComApiClient({ discoveryApi, fetchApi });

    const error = await client.getIntegration('nope').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.message).toBe('No integration nope');
  });

  describe('incidents, templates and preferences', () => {
    function clientAnswering(body: unknown, status = 200) {
      const fetchApi = {
        fetch: jest
          .fn()
          .mockImplementation(async () =>
            status === 204
              ? new Response(null, { status })
              : jsonResponse(body, status),
          ),
      };
      return {
        client: new WeComApiClient({ discoveryApi, fetchApi }),
        fetchApi,
      };
    }

    function request(fetchApi: { fetch: jest.Mock }) {
      const [url, init] = fetchApi.fetch.mock.calls[0];
      return {
        url,
        method: init.method,
        body: init.body === undefined ? undefined : JSON.parse(init.body),
      };
    }

    it('lists incidents with the filters as comma-separated query params', async () => {
      const page = { items: [], totalCount: 0, offset: 25, limit: 25 };
      const { client, fetchApi } = clientAnswering(page);

      await expect(
        client.listIncidents({
          status: ['triggered', 'processing'],
          severity: ['critical'],
          entityRef: 'component:default/payments-api',
          q: 'error rate',
          offset: 25,
          limit: 25,
        }),
      ).resolves.toEqual(page);
      expect(request(fetchApi)).toEqual({
        url:
          'http://backstage/api/wecom/incidents?status=triggered%2Cprocessing' +
          '&severity=critical&entityRef=component%3Adefault%2Fpayments-api' +
          '&q=error+rate&offset=25&limit=25',
        method: 'GET',
        body: undefined,
      });
    });

    it("lists the caller's incidents with responder=me", async () => {
      const { client, fetchApi } = clientAnswering({ items: [] });
      await client.listIncidents({ responder: 'me', status: ['triggered'] });
      expect(request(fetchApi).url).toBe(
        'http://backstage/api/wecom/incidents?status=triggered&responder=me',
      );
    });

    it('lists incidents without a query string when nothing is filtered', async () => {
      const { client, fetchApi } = clientAnswering({ items: [] });
      await client.listIncidents({ status: [], severity: [] });
      expect(request(fetchApi).url).toBe(
        'http://backstage/api/wecom/incidents',
      );
    });

    it('creates an incident and transitions it', async () => {
      const created = { id: 'i-1', title: 'Down' };
      let answer = clientAnswering(created, 201);
      await expect(
        answer.client.createIncident({ title: 'Down', severity: 'high' }),
      ).resolves.toEqual(created);
      expect(request(answer.fetchApi)).toEqual({
        url: 'http://backstage/api/wecom/incidents',
        method: 'POST',
        body: { title: 'Down', severity: 'high' },
      });

      answer = clientAnswering(created);
      await answer.client.transitionIncident('i/1', {
        action: 'snooze',
        snoozeMinutes: 30,
      });
      expect(request(answer.fetchApi)).toEqual({
        url: 'http://backstage/api/wecom/incidents/i%2F1/transitions',
        method: 'POST',
        body: { action: 'snooze', snoozeMinutes: 30 },
      });
    });

    it('unwraps the timeline and the deliveries', async () => {
      let answer = clientAnswering({ items: [{ id: 't1' }] });
      await expect(answer.client.getIncidentTimeline('i-1')).resolves.toEqual([
        { id: 't1' },
      ]);
      expect(request(answer.fetchApi).url).toBe(
        'http://backstage/api/wecom/incidents/i-1/timeline',
      );

      answer = clientAnswering({ items: [{ entityRef: 'user:default/a' }] });
      await expect(
        answer.client.listIncidentDeliveries('i-1'),
      ).resolves.toEqual([{ entityRef: 'user:default/a' }]);
      expect(request(answer.fetchApi).url).toBe(
        'http://backstage/api/wecom/incidents/i-1/deliveries',
      );
    });

    it('reads the timeline and deliveries from their items', async () => {
      let answer = clientAnswering({ items: [{ id: 't1' }] });
      await expect(answer.client.getIncidentTimeline('i-1')).resolves.toEqual([
        { id: 't1' },
      ]);
      answer = clientAnswering({ items: [{ entityRef: 'user:default/a' }] });
      await expect(
        answer.client.listIncidentDeliveries('i-1'),
      ).resolves.toEqual([{ entityRef: 'user:default/a' }]);
    });

    it('keeps the reason of a refused transition', async () => {
      const { client } = clientAnswering(
        {
          error: {
            name: 'ConflictError',
            message: 'The incident is closed; reopen it first.',
          },
          response: { statusCode: 409 },
        },
        409,
      );

      const error = await client
        .transitionIncident('i-1', { action: 'startProcessing' })
        .catch(e => e);
      expect(error.statusCode).toBe(409);
      expect(error.cause.message).toBe(
        'The incident is closed; reopen it first.',
      );
    });

    it('reads, saves, deletes and previews card templates', async () => {
      let answer = clientAnswering({ items: [{ integrationId: 'acme' }] });
      await expect(answer.client.listCardTemplates('acme')).resolves.toEqual([
        { integrationId: 'acme' },
      ]);
      expect(request(answer.fetchApi).url).toBe(
        'http://backstage/api/wecom/templates?integration=acme',
      );

      const template = { integrationId: 'acme', title: 't', body: 'b' };
      answer = clientAnswering(template);
      await answer.client.saveCardTemplate(template);
      expect(request(answer.fetchApi)).toEqual({
        url: 'http://backstage/api/wecom/templates',
        method: 'PUT',
        body: template,
      });

      answer = clientAnswering(undefined, 204);
      await answer.client.deleteCardTemplate({
        integrationId: 'acme',
        entityRef: 'component:default/payments-api',
      });
      expect(request(answer.fetchApi)).toEqual({
        url: 'http://backstage/api/wecom/templates?integration=acme&entityRef=component%3Adefault%2Fpayments-api',
        method: 'DELETE',
        body: undefined,
      });

      answer = clientAnswering({
        card: {},
        templateUsed: 'custom',
        warnings: [],
      });
      await answer.client.previewCardTemplate({
        integrationId: 'acme',
        incidentId: 'i-1',
        title: 't',
        body: 'b',
      });
      expect(request(answer.fetchApi)).toEqual({
        url: 'http://backstage/api/wecom/templates/preview',
        method: 'POST',
        body: {
          integrationId: 'acme',
          incidentId: 'i-1',
          title: 't',
          body: 'b',
        },
      });
    });

    it('changes the responders of an incident', async () => {
      const { client, fetchApi } = clientAnswering({ id: 'i-1' });
      await client.updateIncident('i/1', {
        responders: ['user:default/lisi', 'group:default/sre'],
      });
      expect(request(fetchApi)).toEqual({
        url: 'http://backstage/api/wecom/incidents/i%2F1',
        method: 'PATCH',
        body: { responders: ['user:default/lisi', 'group:default/sre'] },
      });
    });

    it('reads a War Room, and no War Room when the backend answers 404', async () => {
      let answer = clientAnswering({ incidentId: 'i-1', status: 'active' });
      await expect(answer.client.getWarRoom('i-1')).resolves.toEqual({
        incidentId: 'i-1',
        status: 'active',
      });
      expect(request(answer.fetchApi)).toEqual({
        url: 'http://backstage/api/wecom/incidents/i-1/war-room',
        method: 'GET',
        body: undefined,
      });

      answer = clientAnswering(
        {
          error: {
            name: 'NotFoundError',
            message: 'Incident i-1 has no War Room',
          },
          response: { statusCode: 404 },
        },
        404,
      );
      await expect(answer.client.getWarRoom('i-1')).resolves.toBeUndefined();
    });

    it('creates, invites to and dismisses a War Room', async () => {
      let answer = clientAnswering({ incidentId: 'i-1' }, 201);
      await answer.client.createWarRoom('i-1', {
        members: ['group:default/sre'],
        name: 'Payments down',
      });
      expect(request(answer.fetchApi)).toEqual({
        url: 'http://backstage/api/wecom/incidents/i-1/war-room',
        method: 'POST',
        body: { members: ['group:default/sre'], name: 'Payments down' },
      });

      answer = clientAnswering({ incidentId: 'i-1' });
      await answer.client.createWarRoom('i-1');
      expect(request(answer.fetchApi).body).toEqual({});

      answer = clientAnswering({ incidentId: 'i-1' });
      await answer.client.inviteToWarRoom('i-1', {
        members: ['user:default/lisi'],
      });
      expect(request(answer.fetchApi)).toEqual({
        url: 'http://backstage/api/wecom/incidents/i-1/war-room/members',
        method: 'POST',
        body: { members: ['user:default/lisi'] },
      });

      answer = clientAnswering({ incidentId: 'i-1', status: 'dismissed' });
      await answer.client.dismissWarRoom('i-1');
      expect(request(answer.fetchApi)).toEqual({
        url: 'http://backstage/api/wecom/incidents/i-1/war-room',
        method: 'DELETE',
        body: undefined,
      });
    });

    it("keeps the backend's reason when a War Room cannot be created", async () => {
      const reason =
        "No integration has War Room enabled: turn on 'Enable War Room' on your custom-app integration (Settings → WeCom)";
      const { client } = clientAnswering(
        {
          error: { name: 'ConflictError', message: reason },
          response: { statusCode: 409 },
        },
        409,
      );

      const error = await client.createWarRoom('i-1').catch(e => e);
      expect(error.statusCode).toBe(409);
      expect(error.cause.message).toBe(reason);
    });

    it("lists the War Rooms of one entity's incidents", async () => {
      const { client, fetchApi } = clientAnswering({
        items: [{ incidentId: 'i-1' }],
      });
      await expect(
        client.listWarRooms({ entityRef: 'component:default/payments-api' }),
      ).resolves.toEqual([{ incidentId: 'i-1' }]);
      expect(request(fetchApi).url).toBe(
        'http://backstage/api/wecom/war-rooms?entityRef=component%3Adefault%2Fpayments-api',
      );
    });

    it("reads and changes the signed-in user's preferences", async () => {
      let answer = clientAnswering({ personalChannelEnabled: true });
      await expect(answer.client.getMyPreferences()).resolves.toEqual({
        personalChannelEnabled: true,
      });
      expect(request(answer.fetchApi).url).toBe(
        'http://backstage/api/wecom/preferences/me',
      );

      answer = clientAnswering({ personalChannelEnabled: false });
      await answer.client.updateMyPreferences({
        personalChannelEnabled: false,
      });
      expect(request(answer.fetchApi)).toEqual({
        url: 'http://backstage/api/wecom/preferences/me',
        method: 'PUT',
        body: { personalChannelEnabled: false },
      });
    });
  });
});
