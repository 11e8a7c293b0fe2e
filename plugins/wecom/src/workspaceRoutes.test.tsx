import { Route, Routes } from 'react-router-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { wecomApiRef } from './api';
import wecomPlugin from './alpha';
import { WeComPage } from './plugin';
import { acmeIntegration, createMockWeComApi } from './testing/fixtures';

// The WeCom workspace login lands on /wecom/workspace in both systems.
const landing = '/wecom/workspace?ticket=t-1&integration=acme';
const linkedText =
  'Your Backstage account user:default/zhangsan is linked to WeCom member ZhangSan';

function mockApi() {
  const api = createMockWeComApi();
  api.listIntegrations.mockResolvedValue([acmeIntegration]);
  api.previewWorkspaceLink.mockResolvedValue({
    integrationId: 'acme',
    integrationName: 'ACME corp',
    wecomUserId: 'ZhangSan',
    entityRef: 'user:default/zhangsan',
    alreadyLinked: false,
    redirectTo: '/wecom',
    expiresAt: '2030-01-01T00:00:00.000Z',
  });
  api.completeWorkspaceLink.mockResolvedValue({
    integrationId: 'acme',
    entityRef: 'user:default/zhangsan',
    wecomUserId: 'ZhangSan',
    redirectTo: '/wecom',
  });
  return api;
}

describe('the workspace login page', () => {
  it('is a page of the new frontend system without a route ref, title or icon', () => {
    const page = createExtensionTester(
      wecomPlugin.getExtension('page:wecom/workspace'),
    );

    expect(page.get(coreExtensionData.routePath)).toBe('/wecom/workspace');
    // The app's nav lists pages that have a route ref.
    expect(page.get(coreExtensionData.routeRef)).toBeUndefined();
    expect(page.get(coreExtensionData.title)).toBeUndefined();
    expect(page.get(coreExtensionData.icon)).toBeUndefined();
  });

  it('links the member in the new frontend system and adds no nav item', async () => {
    const api = mockApi();
    renderTestApp({
      features: [wecomPlugin],
      initialRouteEntries: [landing],
      apis: [[wecomApiRef, api]],
    });

    await userEvent.click(await screen.findByRole('button', { name: 'Link' }));
    expect(await screen.findByText(linkedText)).toBeInTheDocument();
    expect(api.completeWorkspaceLink).toHaveBeenCalledWith('t-1');
    expect(screen.getAllByRole('link', { name: 'WeCom' })).toHaveLength(1);
  });

  it('links the member below the legacy WeComPage', async () => {
    const api = mockApi();
    await renderInTestApp(
      <TestApiProvider apis={[[wecomApiRef, api]]}>
        <Routes>
          <Route path="/wecom/*" element={<WeComPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: [landing] },
    );

    await userEvent.click(await screen.findByRole('button', { name: 'Link' }));
    expect(await screen.findByText(linkedText)).toBeInTheDocument();
    expect(api.listIntegrations).not.toHaveBeenCalled();
  });
});
