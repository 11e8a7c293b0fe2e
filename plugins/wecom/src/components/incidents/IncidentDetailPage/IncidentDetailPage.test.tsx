import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { WeComIncident } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { INCIDENT_POLL_MS } from '../hooks/useIncidentDetail';
import { createMockWeComApi } from '../../../testing/fixtures';
import {
  incidentIn,
  paymentsDeliveries,
  paymentsIncident,
  paymentsTimeline,
} from '../../../testing/incidentFixtures';
import { responseError } from '../../../testing/responseError';
import { wecomMountedRoutes } from '../../../testing/routes';
import { paymentsWarRoom } from '../../../testing/warRoomFixtures';
import { IncidentDetailPage } from './IncidentDetailPage';

function mockApi(incident: WeComIncident = paymentsIncident) {
  const api = createMockWeComApi();
  api.getIncident.mockResolvedValue(incident);
  api.getIncidentTimeline.mockResolvedValue(paymentsTimeline);
  api.listIncidentDeliveries.mockResolvedValue(paymentsDeliveries);
  return api;
}

function renderDetail(api: ReturnType<typeof createMockWeComApi>) {
  renderInTestApp(<IncidentDetailPage />, {
    apis: [[wecomApiRef, api]],
    mountedRoutes: wecomMountedRoutes,
    mountPath: '/wecom/incidents/:incidentId',
    initialRouteEntries: [`/wecom/incidents/${paymentsIncident.id}`],
  });
}

const actionNames = [
  'Start processing',
  'Close',
  'Snooze 2 hours',
  'More snooze durations',
  'Reopen',
];

async function shownActions(): Promise<string[]> {
  const group = await screen.findByRole('group', { name: 'Incident actions' });
  return within(group)
    .getAllByRole('button')
    .map(button => button.getAttribute('aria-label') ?? button.textContent!)
    .filter(name => actionNames.includes(name));
}

async function findDeliveryRow(entityRef: string): Promise<HTMLElement> {
  const table = await screen.findByRole('grid', { name: 'Deliveries' });
  const cell = within(table).getByRole('rowheader', { name: entityRef });
  return cell.closest('[role="row"]') as HTMLElement;
}

describe('IncidentDetailPage', () => {
  it.each<[WeComIncident['status'], string[]]>([
    ['triggered', ['Start processing', 'Close', 'Snooze 2 hours']],
    ['processing', ['Close', 'Snooze 2 hours']],
    ['snoozed', ['Start processing', 'Close']],
    ['closed', ['Reopen']],
  ])(
    'offers only the actions that apply to a %s incident',
    async (status, expected) => {
      renderDetail(mockApi(incidentIn(status)));

      expect(
        (await shownActions()).filter(name => name !== 'More snooze durations'),
      ).toEqual(expected);
      expect(
        screen.queryByRole('button', { name: 'More snooze durations' }) !==
          null,
      ).toBe(expected.includes('Snooze 2 hours'));
    },
  );

  it('shows the status and who acknowledged and closed the incident', async () => {
    renderDetail(mockApi(incidentIn('closed')));

    expect(
      await screen.findByRole('heading', { name: paymentsIncident.title }),
    ).toBeInTheDocument();
    const badges = screen.getByRole('group', { name: 'Severity and status' });
    expect(within(badges).getByText('Critical')).toBeInTheDocument();
    expect(within(badges).getByText('Closed')).toBeInTheDocument();
    expect(
      screen.getByText(/^Acknowledged by user:default\/zhangsan at /),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^Closed by user:platform\/wangwu at /),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'component:default/payments-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
    expect(screen.getByText('group:default/payments-team')).toBeInTheDocument();
    expect(screen.getByText('sh-1')).toBeInTheDocument();
  });

  it('links back to the incident list', async () => {
    renderDetail(mockApi());

    expect(
      await screen.findByRole('link', { name: '← All incidents' }),
    ).toHaveAttribute('href', '/wecom/incidents');
  });

  it('says until when a snoozed incident sleeps', async () => {
    renderDetail(mockApi(incidentIn('snoozed')));

    expect(await screen.findByText(/^Snoozed until /)).toBeInTheDocument();
  });

  it('starts processing and shows the incident as the backend answers it', async () => {
    const api = mockApi();
    renderDetail(api);
    const processing = incidentIn('processing');
    api.transitionIncident.mockResolvedValue(processing);
    api.getIncident.mockResolvedValue(processing);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Start processing' }),
    );

    expect(api.transitionIncident).toHaveBeenCalledWith(paymentsIncident.id, {
      action: 'startProcessing',
    });
    expect(
      await screen.findByText(/^Acknowledged by user:default\/zhangsan/),
    ).toBeInTheDocument();
    expect(await shownActions()).toEqual([
      'Close',
      'Snooze 2 hours',
      'More snooze durations',
    ]);
  });

  it('snoozes for 2 hours with the button and for other durations from the menu', async () => {
    const api = mockApi();
    api.transitionIncident.mockResolvedValue(paymentsIncident);
    renderDetail(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Snooze 2 hours' }),
    );
    expect(api.transitionIncident).toHaveBeenLastCalledWith(
      paymentsIncident.id,
      { action: 'snooze', snoozeMinutes: 120 },
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'More snooze durations' }),
    );
    const menu = await screen.findByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map(item => item.textContent),
    ).toEqual(['Snooze 30 minutes', 'Snooze 4 hours', 'Snooze 1 day']);
    await userEvent.click(
      within(menu).getByRole('menuitem', { name: 'Snooze 4 hours' }),
    );
    await waitFor(() =>
      expect(api.transitionIncident).toHaveBeenLastCalledWith(
        paymentsIncident.id,
        { action: 'snooze', snoozeMinutes: 240 },
      ),
    );
  });

  it('shows the reason of a refused transition and loads the incident again', async () => {
    const api = mockApi(incidentIn('processing'));
    api.transitionIncident.mockRejectedValue(
      await responseError(409, 'Conflict', {
        name: 'ConflictError',
        message: 'The incident is closed; reopen it first.',
      }),
    );
    renderDetail(api);
    await screen.findByRole('button', { name: 'Close' });
    api.getIncident.mockResolvedValue(incidentIn('closed'));

    await userEvent.click(screen.getByRole('button', { name: 'Close' }));

    expect(
      await screen.findByText('The incident was not changed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The incident is closed; reopen it first.'),
    ).toBeInTheDocument();
    // Loaded again: it was closed meanwhile, so only Reopen is left.
    expect(
      await screen.findByRole('button', { name: 'Reopen' }),
    ).toBeInTheDocument();
    expect(api.getIncident).toHaveBeenCalledTimes(2);
  });

  it('names the permission when a transition is not allowed', async () => {
    const api = mockApi();
    api.transitionIncident.mockRejectedValue(
      await responseError(403, 'Forbidden', {
        name: 'NotAllowedError',
        message: 'Forbidden',
      }),
    );
    renderDetail(api);

    await userEvent.click(await screen.findByRole('button', { name: 'Close' }));

    expect(
      await screen.findByText('You need the wecom.incident.update permission'),
    ).toBeInTheDocument();
  });

  it('shows the timeline newest first with readable kinds, actors and times', async () => {
    renderDetail(mockApi());

    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    const items = within(timeline).getAllByRole('listitem');
    expect(items).toHaveLength(4);
    expect(items[0]).toHaveTextContent(
      /^CardThe card of wangwu is stale: no response code leftSystem · /,
    );
    expect(items[1]).toHaveTextContent(
      /^Status changedStarted processinguser:default\/zhangsan · /,
    );
    expect(items[2]).toHaveTextContent(/^Notified/);
    expect(items[3]).toHaveTextContent(
      /^OpenedOpened the incidentuser:default\/admin · /,
    );
    expect(
      within(items[3]).getByText(/·/).querySelector('time'),
    ).toHaveAttribute('dateTime', '2026-11-26T09:00:00.000Z');
  });

  it('shows each recipient of the cards with what happened to their card', async () => {
    renderDetail(mockApi());

    const zhang = within(await findDeliveryRow('user:default/zhangsan'));
    expect(zhang.getByText('ZhangSan')).toBeInTheDocument();
    expect(zhang.getByText('Sent')).toBeInTheDocument();
    expect(zhang.getByText('First notification')).toBeInTheDocument();
    expect(zhang.getByText('Processing')).toBeInTheDocument();
    expect(zhang.queryByText('Stale')).not.toBeInTheDocument();

    const wang = within(await findDeliveryRow('user:platform/wangwu'));
    expect(wang.getByText('Triggered')).toBeInTheDocument();
    expect(wang.getByRole('img', { name: 'Stale card' })).toHaveTextContent(
      'Stale',
    );

    const li = within(await findDeliveryRow('user:default/lisi'));
    expect(li.getByText('Not linked')).toBeInTheDocument();
    expect(
      li.getByRole('link', { name: 'Link them in Linked Users' }),
    ).toHaveAttribute('href', '/wecom?tab=linked-users');

    const zhao = within(await findDeliveryRow('user:default/zhaoliu'));
    expect(zhao.getByText('Opted out')).toBeInTheDocument();
    expect(
      zhao.getByText('This user turned personal WeCom cards off.'),
    ).toBeInTheDocument();

    const sun = within(await findDeliveryRow('user:default/sunqi'));
    expect(sun.getByText('Invalid user')).toBeInTheDocument();

    const lead = within(await findDeliveryRow('user:default/oncall-lead'));
    expect(lead.getByText('Failed')).toBeInTheDocument();
    expect(
      lead.getByText('WeCom answered 45009: over the API rate limit'),
    ).toBeInTheDocument();
    expect(lead.getByText('Escalation 1')).toBeInTheDocument();

    const backup = within(await findDeliveryRow('user:default/backup'));
    expect(backup.getByText('Pending')).toBeInTheDocument();
  });

  it("warns when a queued card waits for a recipient over WeCom's per-member budget, and says when it goes out", async () => {
    const note =
      "Held back: this member got WeCom's per-member budget of app messages (30 a minute, 1,000 an hour per app), and WeCom would drop more without telling us. The card goes out at 2025-03-01 10:41 UTC.";
    const api = mockApi();
    api.listIncidentDeliveries.mockResolvedValue([
      ...paymentsDeliveries,
      {
        incidentId: paymentsIncident.id,
        integrationId: 'demo',
        taskId: 'INC-held',
        entityRef: 'user:default/busy',
        wecomUserId: 'Busy',
        status: 'pending',
        level: 0,
        error: note,
        updatedAt: '2025-03-01T09:45:00Z',
      },
    ]);
    renderDetail(api);

    const busy = within(await findDeliveryRow('user:default/busy'));
    expect(busy.getByText('Pending')).toBeInTheDocument();
    expect(busy.getByText(note)).toBeInTheDocument();
    expect(
      busy.queryByText('Queued; the outbox sends it shortly.'),
    ).not.toBeInTheDocument();
  });

  it('explains a stale card in a tooltip', async () => {
    renderDetail(mockApi());

    const wang = within(await findDeliveryRow('user:platform/wangwu'));
    await userEvent.hover(wang.getByRole('img', { name: 'Stale card' }));

    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /response codes for it ran out .* Refresh button on the card brings it current/,
    );
  });

  it('shows which digest message an incident went into in an alert storm, and what it was counted with', async () => {
    const api = mockApi();
    api.listIncidentDeliveries.mockResolvedValue([
      {
        ...paymentsDeliveries[0],
        taskId: 'digest-0a1b2c',
        status: 'sent',
        cardStatus: undefined,
        digest: {
          taskId: 'digest-0a1b2c',
          incidents: 37,
          groupLabel: 'payments-api (HighLatency)',
          groupIncidents: 12,
          sentAt: '2026-11-26T09:01:00.000Z',
        },
      },
    ]);
    renderDetail(api);

    const zhang = within(await findDeliveryRow('user:default/zhangsan'));
    expect(zhang.getByText('Sent')).toBeInTheDocument();
    expect(zhang.getByText('In a digest of 37 incidents')).toBeInTheDocument();
    expect(
      zhang.getByText(
        'Counted with 11 other incidents of payments-api (HighLatency)',
      ),
    ).toBeInTheDocument();
    expect(zhang.getByText(/^Digest digest-0a1b2c, sent /)).toBeInTheDocument();
  });

  it('keeps the incident when the deliveries cannot be loaded', async () => {
    const api = mockApi();
    api.listIncidentDeliveries.mockRejectedValue(
      await responseError(503, 'Service Unavailable', {
        name: 'ServiceUnavailableError',
        message: 'Card delivery is starting',
      }),
    );
    renderDetail(api);

    expect(
      await screen.findByText('Could not load the deliveries'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: paymentsIncident.title }),
    ).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Timeline' })).toBeInTheDocument();
  });

  it('says so when there is no such incident', async () => {
    const api = mockApi();
    api.getIncident.mockRejectedValue(
      await responseError(404, 'Not Found', {
        name: 'NotFoundError',
        message: `No incident ${paymentsIncident.id}`,
      }),
    );
    renderDetail(api);

    expect(
      await screen.findByText('There is no such incident'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Close' }),
    ).not.toBeInTheDocument();
  });

  it('edits the responders, saying that an active War Room invites the new ones', async () => {
    const api = mockApi();
    const changed = {
      ...paymentsIncident,
      responders: ['user:default/lisi', 'group:default/sre'],
    };
    api.updateIncident.mockResolvedValue(changed);
    renderDetail(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Edit responders' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit responders',
    });
    const field = within(dialog).getByRole('textbox', { name: 'Responders' });
    expect(field).toHaveValue('group:default/payments-team');
    expect(dialog).toHaveTextContent(
      /An active War Room invites the new responders/,
    );
    api.getIncident.mockResolvedValue(changed);
    await userEvent.clear(field);
    await userEvent.type(field, 'lisi, group:default/sre');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(api.updateIncident).toHaveBeenCalledWith(paymentsIncident.id, {
      responders: ['user:default/lisi', 'group:default/sre'],
    });
    expect(
      await screen.findByText('user:default/lisi, group:default/sre'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows the War Room and loads the timeline again after creating it', async () => {
    const api = mockApi();
    api.createWarRoom.mockResolvedValue(paymentsWarRoom);
    renderDetail(api);
    await screen.findByRole('list', { name: 'Timeline' });
    api.getIncidentTimeline.mockResolvedValue([
      ...paymentsTimeline,
      {
        id: 't5',
        incidentId: paymentsIncident.id,
        at: '2026-11-26T09:10:00.000Z',
        actor: 'user:default/zhangsan',
        kind: 'war-room',
        message: 'Created the War Room with zhangsan, wangwu',
      },
    ]);

    const card = await screen.findByRole('region', { name: 'War Room' });
    const create = await within(card).findByRole('button', {
      name: 'Create War Room',
    });
    api.getWarRoom.mockResolvedValue(paymentsWarRoom);
    await userEvent.click(create);
    const dialog = await screen.findByRole('dialog', {
      name: 'Create War Room',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );

    expect(api.createWarRoom).toHaveBeenCalledWith(paymentsIncident.id, {});
    expect(
      await within(card).findByRole('grid', { name: 'War Room members' }),
    ).toBeInTheDocument();
    const timeline = screen.getByRole('list', { name: 'Timeline' });
    expect(
      await within(timeline).findByText(
        'Created the War Room with zhangsan, wangwu',
      ),
    ).toBeInTheDocument();
    expect(within(timeline).getAllByText('War Room')).toHaveLength(1);
  });

  describe('when no integration can make War Rooms', () => {
    const reason =
      'War Rooms need a custom app, but integration "Globex" (globex) is a third-party app: WeCom lets only self-built apps whose visible range is the root department create group chats. Enable War Room on a custom-app integration instead.';

    it('offers no War Room and says why, to anyone who may read the incident', async () => {
      const api = mockApi();
      api.getWarRoomAvailability.mockResolvedValue({
        available: false,
        reason,
      });
      renderDetail(api);

      const card = await screen.findByRole('region', { name: 'War Room' });
      expect(await within(card).findByText(reason)).toBeInTheDocument();
      expect(
        within(card).queryByRole('button', { name: 'Create War Room' }),
      ).toBeNull();
      expect(
        within(card).queryByRole('link', { name: 'Create with template' }),
      ).toBeNull();
    });

    it('offers it as before when availability cannot be read (Create then says why)', async () => {
      const api = mockApi();
      api.getWarRoomAvailability.mockRejectedValue(new Error('offline'));
      renderDetail(api);

      const card = await screen.findByRole('region', { name: 'War Room' });
      expect(
        await within(card).findByRole('button', { name: 'Create War Room' }),
      ).toBeInTheDocument();
    });
  });

  describe('while open', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('polls, so card clicks in WeCom show up', async () => {
      const api = mockApi();
      renderDetail(api);
      expect(
        await screen.findByRole('button', { name: 'Start processing' }),
      ).toBeInTheDocument();
      expect(api.getIncident).toHaveBeenCalledTimes(1);

      api.getIncident.mockResolvedValue(incidentIn('processing'));
      api.listIncidentDeliveries.mockResolvedValue(
        paymentsDeliveries.map(d => ({ ...d, stale: false })),
      );
      await act(async () => {
        jest.advanceTimersByTime(INCIDENT_POLL_MS);
      });

      expect(
        await screen.findByText(/^Acknowledged by user:default\/zhangsan/),
      ).toBeInTheDocument();
      expect(api.getIncident).toHaveBeenCalledTimes(2);
      expect(api.getIncidentTimeline).toHaveBeenCalledTimes(2);
      expect(api.listIncidentDeliveries).toHaveBeenCalledTimes(2);
      expect(
        screen.queryByRole('img', { name: 'Stale card' }),
      ).not.toBeInTheDocument();
    });
  });
});
