import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { wecomApiRef, WeComClient } from './api';
import { acmeIntegration, createMockWeComApi } from './testing/fixtures';
import {
  incidentsPage,
  paymentsDeliveries,
  paymentsIncident,
  paymentsTimeline,
} from './testing/incidentFixtures';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import wecomPlugin from './alpha';
import defaultExport from './index';

describe('the new frontend system plugin', () => {
  it('is the default export of the package and of ./alpha', () => {
    expect(defaultExport).toBe(wecomPlugin);
    expect(wecomPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(wecomPlugin.pluginId).toBe('wecom');
  });

  it('provides the WeCom API backed by WeComClient', () => {
    const api = wecomPlugin.getExtension('api:wecom');
    const factory = createExtensionTester(api).get(
      ApiBlueprint.dataRefs.factory,
    );

    expect(factory.api).toBe(wecomApiRef);
    expect(
      factory.factory({
        discoveryApi: { getBaseUrl: jest.fn() },
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(WeComClient);
  });

  it('has a page at /wecom whose title and icon make the nav item', () => {
    const page = createExtensionTester(wecomPlugin.getExtension('page:wecom'));

    expect(page.get(coreExtensionData.routePath)).toBe('/wecom');
    expect(page.get(coreExtensionData.title)).toBe('WeCom');
    expect(page.get(coreExtensionData.icon)).toBeTruthy();
    expect(page.get(coreExtensionData.routeRef)).toBe(wecomPlugin.routes.root);
  });

  it('shows the page and its WeCom nav item in an app', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([acmeIntegration]);

    renderTestApp({
      features: [wecomPlugin],
      initialRouteEntries: ['/wecom'],
      apis: [[wecomApiRef, api]],
    });

    expect(await screen.findByText('ACME corp')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'WeCom' })).toHaveAttribute(
      'href',
      '/wecom',
    );
  });

  it('has an Incidents page at /wecom/incidents with a nav item of its own', () => {
    const page = createExtensionTester(
      wecomPlugin.getExtension('page:wecom/incidents'),
    );

    expect(page.get(coreExtensionData.routePath)).toBe('/wecom/incidents');
    expect(page.get(coreExtensionData.title)).toBe('Incidents');
    expect(page.get(coreExtensionData.icon)).toBeTruthy();
    expect(page.get(coreExtensionData.routeRef)).toBe(
      wecomPlugin.routes.incidents,
    );
  });

  it('lists incidents from the nav item and opens one from the list', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([acmeIntegration]);
    api.listIncidents.mockResolvedValue(incidentsPage());
    api.getIncident.mockResolvedValue(paymentsIncident);
    api.getIncidentTimeline.mockResolvedValue(paymentsTimeline);
    api.listIncidentDeliveries.mockResolvedValue(paymentsDeliveries);

    renderTestApp({
      features: [wecomPlugin],
      initialRouteEntries: ['/wecom'],
      apis: [[wecomApiRef, api]],
    });

    const nav = await screen.findByRole('link', { name: 'Incidents' });
    expect(nav).toHaveAttribute('href', '/wecom/incidents');
    await userEvent.click(nav);
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
    expect(screen.getByRole('list', { name: 'Timeline' })).toBeInTheDocument();
  });

  it('opens an incident straight from the link on its WeCom card', async () => {
    const api = createMockWeComApi();
    api.getIncident.mockResolvedValue(paymentsIncident);
    api.getIncidentTimeline.mockResolvedValue(paymentsTimeline);
    api.listIncidentDeliveries.mockResolvedValue(paymentsDeliveries);

    renderTestApp({
      features: [wecomPlugin],
      initialRouteEntries: [`/wecom/incidents/${paymentsIncident.id}`],
      apis: [[wecomApiRef, api]],
    });

    expect(
      await screen.findByRole('button', { name: 'Start processing' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Link them in Linked Users' }),
    ).toHaveAttribute('href', '/wecom?tab=linked-users');
    expect(api.listIntegrations).not.toHaveBeenCalled();
  });

  it("offers a War Rooms card for components' entity pages only", () => {
    const card = createExtensionTester(
      wecomPlugin.getExtension('entity-card:wecom/war-rooms'),
    );
    const appliesTo = card.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    const entity = (kind: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name: 'payments-api' },
    });

    expect(appliesTo(entity('Component'))).toBe(true);
    expect(appliesTo(entity('Group'))).toBe(false);
  });
});
