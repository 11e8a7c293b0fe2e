import { Route, Routes } from 'react-router-dom';
import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  wecomApiRef as exportedApiRef,
  WeComClient as ExportedClient,
  WeComPage as ExportedPage,
  wecomPlugin as exportedPlugin,
} from './index';
import { wecomApiRef, WeComClient } from './api';
import { rootRouteRef } from './routes';
import { WeComPage, wecomPlugin } from './plugin';
import { acmeIntegration, createMockWeComApi } from './testing/fixtures';

describe('the legacy frontend system plugin', () => {
  it('is exported by name from the package', () => {
    expect(exportedPlugin).toBe(wecomPlugin);
    expect(ExportedPage).toBe(WeComPage);
    expect(exportedApiRef).toBe(wecomApiRef);
    expect(ExportedClient).toBe(WeComClient);
  });

  it('registers the WeCom API and the root route', () => {
    expect(wecomPlugin.getId()).toBe('wecom');
    expect(wecomPlugin.routes.root).toBe(rootRouteRef);
    const factories = [...wecomPlugin.getApis()];
    expect(factories.map(f => f.api)).toEqual([wecomApiRef]);
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
});
