import { Route, Routes } from 'react-router-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FlatRoutes } from '@backstage/core-app-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  wecomApiRef as exportedApiRef,
  WeComClient as ExportedClient,
  EntityWeComWarRoomsCard as ExportedWarRoomsCard,
  WeComPage as ExportedPage,
  wecomPlugin as exportedPlugin,
} from './index';
import { wecomApiRef, wecomOnCallApiRef, WeComClient } from './api';
import { incidentListRouteRef, incidentRouteRef, rootRouteRef } from './routes';
import { EntityWeComWarRoomsCard, WeComPage, wecomPlugin } from './plugin';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { acmeIntegration, createMockWeComApi } from './testing/fixtures';
import { paymentsWarRoom } from './testing/warRoomFixtures';
import {
  incidentsPage,
  paymentsDeliveries,
  paymentsIncident,
  paymentsTimeline,
} from './testing/incidentFixtures';

describe('the legacy frontend system plugin', () => {
  it('is exported by name from the package', () => {
    expect(exportedPlugin).toBe(wecomPlugin);
    expect(ExportedPage).toBe(WeComPage);
    expect(exportedApiRef).toBe(wecomApiRef);
    expect(ExportedClient).toBe(WeComClient);
    expect(ExportedWarRoomsCard).toBe(EntityWeComWarRoomsCard);
  });

  it('registers the WeCom API and the root route', () => {
    expect(wecomPlugin.getId()).toBe('wecom');
    expect(wecomPlugin.routes.root).toBe(rootRouteRef);
    expect(wecomPlugin.routes.incidentList).toBe(incidentListRouteRef);
    expect(wecomPlugin.routes.incident).toBe(incidentRouteRef);
    const factories = [...wecomPlugin.getApis()];
    expect(factories.map(f => f.api)).toEqual([wecomApiRef, wecomOnCallApiRef]);
  });

  it('loads the page lazily where the root route is mounted', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([acmeIntegration]);

    // As an app mounts it: the route collector gives the page its path.
    await renderInTestApp(
      <TestApiProvider apis={[[wecomApiRef, api]]}>
        <Routes>
          <Route path="/wecom" element={<WeComPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/wecom'] },
    );

    expect(await screen.findByText('ACME corp')).toBeInTheDocument();
  });

  it('serves the incident list and one incident below the page', async () => {
    const api = createMockWeComApi();
    api.listIncidents.mockResolvedValue(incidentsPage());
    api.getIncident.mockResolvedValue(paymentsIncident);
    api.getIncidentTimeline.mockResolvedValue(paymentsTimeline);
    api.listIncidentDeliveries.mockResolvedValue(paymentsDeliveries);

    // As an app mounts it: FlatRoutes serves the paths below `/wecom`.
    await renderInTestApp(
      <TestApiProvider apis={[[wecomApiRef, api]]}>
        <FlatRoutes>
          <Route path="/wecom" element={<WeComPage />} />
        </FlatRoutes>
      </TestApiProvider>,
      { routeEntries: ['/wecom/incidents'] },
    );

    const title = await screen.findByRole('link', {
      name: paymentsIncident.title,
    });
    expect(title).toHaveAttribute(
      'href',
      `/wecom/incidents/${paymentsIncident.id}`,
    );
    await userEvent.click(title);

    expect(
      await screen.findByRole('grid', { name: 'Deliveries' }),
    ).toBeInTheDocument();
    expect(api.getIncident).toHaveBeenCalledWith(paymentsIncident.id);
    expect(api.listIntegrations).not.toHaveBeenCalled();
  });

  it("shows the War Rooms card on a legacy component's entity page", async () => {
    const api = createMockWeComApi();
    api.listWarRooms.mockResolvedValue([paymentsWarRoom]);

    await renderInTestApp(
      <TestApiProvider apis={[[wecomApiRef, api]]}>
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'payments-api', namespace: 'default' },
          }}
        >
          <EntityWeComWarRoomsCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/wecom': rootRouteRef } },
    );

    expect(
      await screen.findByRole('link', { name: paymentsWarRoom.name }),
    ).toHaveAttribute('href', `/wecom/incidents/${paymentsWarRoom.incidentId}`);
    expect(api.listWarRooms).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: 'component:default/payments-api' }),
    );
  });
});
