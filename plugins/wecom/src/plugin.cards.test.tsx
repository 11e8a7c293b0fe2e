import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityWeComOnCallCard as ExportedOnCallCard,
  HomePageWeComMyIncidents as ExportedMyIncidents,
  HomePageWeComMyShifts as ExportedMyShifts,
} from './index';
import { wecomApiRef, wecomOnCallApiRef } from './api';
import {
  EntityWeComOnCallCard,
  HomePageWeComMyIncidents,
  HomePageWeComMyShifts,
} from './plugin';
import { rootRouteRef } from './routes';
import { createMockWeComApi } from './testing/fixtures';
import { createMockOnCallApi, paymentsOnCall } from './testing/cardFixtures';
import { paymentsIncident } from './testing/incidentFixtures';

const paymentsTeam: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function apis() {
  const api = createMockWeComApi();
  api.listIncidents.mockResolvedValue({
    items: [paymentsIncident],
    totalCount: 1,
    offset: 0,
    limit: 5,
  });
  api.listWarRooms.mockResolvedValue([]);
  const onCall = createMockOnCallApi();
  onCall.getOnCall.mockResolvedValue({
    ...paymentsOnCall,
    entityRef: 'group:default/payments-team',
  });
  const permissions = {
    authorize: jest.fn(async () => ({ result: AuthorizeResult.DENY })),
  };
  return [
    [wecomApiRef, api],
    [wecomOnCallApiRef, onCall],
    [permissionApiRef, permissions],
  ] as const;
}

describe('the legacy frontend system cards', () => {
  it('are exported by name from the package', () => {
    expect(ExportedOnCallCard).toBe(EntityWeComOnCallCard);
    expect(ExportedMyIncidents).toBe(HomePageWeComMyIncidents);
    expect(ExportedMyShifts).toBe(HomePageWeComMyShifts);
  });

  it("loads the on-call card lazily on a group's page", async () => {
    const pairs = apis();
    await renderInTestApp(
      <TestApiProvider apis={pairs}>
        <EntityProvider entity={paymentsTeam}>
          <EntityWeComOnCallCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/wecom': rootRouteRef } },
    );

    expect(
      await screen.findByRole('link', { name: paymentsIncident.title }),
    ).toBeInTheDocument();
    expect(pairs[1][1].getOnCall).toHaveBeenCalledWith(
      'group:default/payments-team',
    );
    expect(
      await screen.findByRole('link', { name: 'Message zhangsan on WeCom' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Create incident' }),
    ).not.toBeInTheDocument();
  });

  it('renders "My open incidents" as a home page card with its title', async () => {
    await renderInTestApp(
      <TestApiProvider apis={apis()}>
        <HomePageWeComMyIncidents />
      </TestApiProvider>,
      { mountedRoutes: { '/wecom': rootRouteRef } },
    );

    expect(await screen.findByText('My open incidents')).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: paymentsIncident.title }),
    ).toBeInTheDocument();
  });
});
