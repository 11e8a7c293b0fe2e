import { screen } from '@testing-library/react';
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
});
