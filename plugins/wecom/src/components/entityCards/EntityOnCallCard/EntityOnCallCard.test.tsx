import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { WeComOnCallAnswer } from 'backstage-plugin-wecom-common';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { wecomApiRef, wecomOnCallApiRef } from '../../../api';
import { createMockWeComApi } from '../../../testing/fixtures';
import {
  createMockOnCallApi,
  paymentsOnCall,
} from '../../../testing/cardFixtures';
import { paymentsIncident } from '../../../testing/incidentFixtures';
import { wecomMountedRoutes } from '../../../testing/routes';
import { paymentsWarRoom } from '../../../testing/warRoomFixtures';
import { EntityOnCallCard } from './EntityOnCallCard';

const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments-team' },
};

function renderCard(
  options: {
    allowCreate?: boolean;
    openIncidents?: boolean;
    onCallAnswer?: WeComOnCallAnswer;
  } = {},
) {
  const api = createMockWeComApi();
  const incidents = options.openIncidents === false ? [] : [paymentsIncident];
  api.listIncidents.mockResolvedValue({
    items: incidents,
    totalCount: incidents.length,
    offset: 0,
    limit: 5,
  });
  api.listWarRooms.mockResolvedValue(
    options.openIncidents === false ? [] : [paymentsWarRoom],
  );
  const onCall = createMockOnCallApi();
  onCall.getOnCall.mockResolvedValue(options.onCallAnswer ?? paymentsOnCall);
  renderInTestApp(
    <EntityProvider entity={paymentsApi}>
      <EntityOnCallCard />
    </EntityProvider>,
    {
      apis: [
        [wecomApiRef, api],
        [wecomOnCallApiRef, onCall],
        mockApis.permission({
          authorize:
            options.allowCreate === false
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        }),
      ],
      mountedRoutes: wecomMountedRoutes,
    },
  );
  return { api, onCall };
}

describe('EntityOnCallCard', () => {
  it("shows the entity's open incidents with severity, status, age, responders and War Room", async () => {
    const { api } = renderCard();

    const list = await screen.findByRole('list', { name: 'Open incidents' });
    expect(api.listIncidents).toHaveBeenCalledWith({
      entityRef: 'component:default/payments-api',
      status: ['triggered', 'processing'],
      limit: 5,
    });
    const incident = within(list);
    expect(
      incident.getByRole('link', { name: paymentsIncident.title }),
    ).toHaveAttribute('href', `/wecom/incidents/${paymentsIncident.id}`);
    expect(incident.getByText('Critical')).toBeInTheDocument();
    expect(incident.getByText('Triggered')).toBeInTheDocument();
    expect(incident.getByText(/^open for \d+ d$/)).toBeInTheDocument();
    expect(incident.getByText('Responders: payments-team')).toBeInTheDocument();
    expect(
      incident.getByRole('link', { name: paymentsWarRoom.name }),
    ).toHaveAttribute('href', `/wecom/incidents/${paymentsIncident.id}`);
  });

  it('shows who is on call now and next, with a WeCom link for linked members only', async () => {
    const { onCall } = renderCard();

    const now = await screen.findByRole('list', { name: 'On call now' });
    expect(onCall.getOnCall).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
    expect(within(now).getByRole('link', { name: 'zhangsan' })).toBeVisible();
    expect(
      within(now).getByText(/^Schedule Payments primary, until /),
    ).toBeInTheDocument();
    expect(
      within(now).getByRole('link', { name: 'Message zhangsan on WeCom' }),
    ).toHaveAttribute('href', 'wxwork://message?username=ZhangSan');

    const next = screen.getByRole('list', { name: 'Next' });
    expect(within(next).getByRole('link', { name: 'lisi' })).toBeVisible();
    expect(
      within(next).getByText('not linked to WeCom: gets no cards'),
    ).toBeInTheDocument();
    expect(
      within(next).queryByRole('link', { name: /on WeCom/ }),
    ).not.toBeInTheDocument();
  });

  it('says why someone on call gets no card, and keeps the WeCom link of one who turned cards off', async () => {
    renderCard({
      onCallAnswer: {
        ...paymentsOnCall,
        now: [
          {
            ...paymentsOnCall.now[0],
            reachable: false,
            unreachableReason: 'optedOut',
          },
          {
            ...paymentsOnCall.now[0],
            userEntityRef: 'user:default/wangwu',
            wecomUserId: null,
            hidden: true,
          },
        ],
      },
    });

    const now = await screen.findByRole('list', { name: 'On call now' });
    expect(
      within(now).getByText('turned WeCom cards off: gets no cards'),
    ).toBeInTheDocument();
    expect(
      within(now).getByRole('link', { name: 'Message zhangsan on WeCom' }),
    ).toBeInTheDocument();
    // Someone the catalog hides from the viewer is not called unlinked.
    expect(
      within(now).getByText('WeCom member not shown to you'),
    ).toBeInTheDocument();
  });
  it('opens the New incident dialog filled in with the entity', async () => {
    renderCard();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Create incident' }),
    );
    expect(await screen.findByRole('textbox', { name: /Entity/ })).toHaveValue(
      'component:default/payments-api',
    );
  });

  it('hides Create incident from those without wecom.incident.create', async () => {
    renderCard({ allowCreate: false, openIncidents: false });

    expect(await screen.findByText('No open incidents.')).toBeInTheDocument();
    await screen.findByRole('list', { name: 'On call now' });
    expect(
      screen.queryByRole('button', { name: 'Create incident' }),
    ).not.toBeInTheDocument();
  });
});
