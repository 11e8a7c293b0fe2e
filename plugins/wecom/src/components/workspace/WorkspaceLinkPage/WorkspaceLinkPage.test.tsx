import { StrictMode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { WeComWorkspaceLinkPreview } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { createMockWeComApi } from '../../../testing/fixtures';
import { responseError } from '../../../testing/responseError';
import {
  WORKSPACE_LINK_REDIRECT_MS,
  WorkspaceLinkPage,
} from './WorkspaceLinkPage';

function renderPage(api: ReturnType<typeof createMockWeComApi>, url: string) {
  renderInTestApp(
    // StrictMode runs effects twice, as React does in development.
    <StrictMode>
      <Routes>
        <Route path="/wecom/workspace" element={<WorkspaceLinkPage />} />
        <Route path="/catalog" element={<p>The catalog</p>} />
        <Route path="/" element={<p>Home</p>} />
      </Routes>
    </StrictMode>,
    { apis: [[wecomApiRef, api]], initialRouteEntries: [url] },
  );
}

const preview: WeComWorkspaceLinkPreview = {
  integrationId: 'acme',
  integrationName: 'ACME corp',
  wecomUserId: 'WangWu',
  wecomUserName: '王五',
  entityRef: 'user:default/zhangsan',
  alreadyLinked: false,
  redirectTo: '/catalog',
  expiresAt: '2030-01-01T00:00:00.000Z',
};

const linked = {
  integrationId: 'acme',
  entityRef: 'user:default/zhangsan',
  wecomUserId: 'WangWu',
  redirectTo: '/catalog',
};

function mockApi(answer: Partial<WeComWorkspaceLinkPreview> = {}) {
  const api = createMockWeComApi();
  api.previewWorkspaceLink.mockResolvedValue({ ...preview, ...answer });
  api.completeWorkspaceLink.mockResolvedValue(linked);
  return api;
}

describe('WorkspaceLinkPage', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows who would be linked to whom and links nobody on load', async () => {
    const api = mockApi();
    renderPage(api, '/wecom/workspace?ticket=t-123&integration=acme');

    expect(
      await screen.findByRole('heading', { name: 'Link your WeCom account?' }),
    ).toBeInTheDocument();
    expect(screen.getByText('王五 (WangWu)')).toBeInTheDocument();
    expect(screen.getByText('ACME corp')).toBeInTheDocument();
    expect(screen.getByText('user:default/zhangsan')).toBeInTheDocument();
    expect(
      screen.getByText(/if someone sent you this link, press Cancel/),
    ).toBeInTheDocument();
    expect(api.previewWorkspaceLink).toHaveBeenCalledWith('t-123');
    expect(api.completeWorkspaceLink).not.toHaveBeenCalled();
  });

  it('links once when the user confirms, then moves on', async () => {
    const api = mockApi();
    renderPage(api, '/wecom/workspace?ticket=t-123');

    const confirm = await screen.findByRole('button', { name: 'Link' });
    await userEvent.click(confirm);
    await userEvent.click(confirm);

    expect(
      await screen.findByText(
        'Your Backstage account user:default/zhangsan is linked to WeCom member WangWu',
      ),
    ).toBeInTheDocument();
    expect(api.completeWorkspaceLink).toHaveBeenCalledTimes(1);
    expect(api.completeWorkspaceLink).toHaveBeenCalledWith('t-123');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('The catalog')).toBeInTheDocument();
  });

  it('links nothing when the user cancels', async () => {
    const api = mockApi();
    renderPage(api, '/wecom/workspace?ticket=t-123');

    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel' }),
    );

    expect(
      await screen.findByText('Nothing was linked to your Backstage account'),
    ).toBeInTheDocument();
    expect(api.completeWorkspaceLink).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('The catalog')).toBeInTheDocument();
    expect(api.completeWorkspaceLink).not.toHaveBeenCalled();
  });

  it('says when linking moves the member away from another user, or replaces the user’s member', async () => {
    const api = mockApi({
      wecomUserName: undefined,
      linkedTo: 'user:default/someone-else',
      replacesWecomUserId: 'OldMember',
    });
    renderPage(api, '/wecom/workspace?ticket=t-123');

    expect(await screen.findByText('WangWu')).toBeInTheDocument();
    expect(
      screen.getByText(
        'WeCom member WangWu is linked to user:default/someone-else now. Linking moves it to your account.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Your account is linked to WeCom member OldMember now. Linking replaces it.',
      ),
    ).toBeInTheDocument();
  });

  it("goes straight on when the member is already linked to the user (a card's detail link)", async () => {
    const api = mockApi({
      alreadyLinked: true,
      redirectTo: '/catalog',
    });
    renderPage(api, '/wecom/workspace?ticket=t-456');

    expect(await screen.findByText('The catalog')).toBeInTheDocument();
    expect(api.completeWorkspaceLink).not.toHaveBeenCalled();
    expect(
      screen.queryByText(/is linked to WeCom member/),
    ).not.toBeInTheDocument();
  });

  it('never follows a redirect that leaves the app, even from the backend', async () => {
    const api = mockApi({ alreadyLinked: true, redirectTo: '/\t/evil.com' });
    renderPage(api, '/wecom/workspace?ticket=t-456');

    expect(await screen.findByText('Home')).toBeInTheDocument();
  });

  it('moves on to where the member was going a moment after linking', async () => {
    jest.useFakeTimers();
    const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
    const api = mockApi();
    renderPage(api, '/wecom/workspace?ticket=t-456');
    await user.click(await screen.findByRole('button', { name: 'Link' }));
    await screen.findByText(/is linked to WeCom member WangWu/);
    expect(screen.queryByText('The catalog')).not.toBeInTheDocument();

    act(() => {
      jest.advanceTimersByTime(WORKSPACE_LINK_REDIRECT_MS);
    });

    expect(await screen.findByText('The catalog')).toBeInTheDocument();
  });

  it('never leaves the app, whatever redirectTo says', async () => {
    const api = mockApi({ redirectTo: '//evil.example/phish' });
    api.completeWorkspaceLink.mockResolvedValue({
      ...linked,
      redirectTo: '//evil.example/phish',
    });
    renderPage(api, '/wecom/workspace?ticket=t-789');

    await userEvent.click(await screen.findByRole('button', { name: 'Link' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Continue' }),
    );

    expect(await screen.findByText('Home')).toBeInTheDocument();
  });

  it('shows why a ticket cannot be used (e.g. another browser) and how to get a new one', async () => {
    const api = mockApi();
    api.previewWorkspaceLink.mockRejectedValue(
      await responseError(400, 'Bad Request', {
        name: 'InputError',
        message:
          'This link can only be completed in the browser that opened the app from WeCom',
      }),
    );
    renderPage(api, '/wecom/workspace?ticket=t-old');

    expect(
      await screen.findByText('Your account could not be linked to WeCom'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'This link can only be completed in the browser that opened the app from WeCom (400 Bad Request)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Reopen the app from the WeCom workspace/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Link' })).toBeNull();
    expect(api.completeWorkspaceLink).not.toHaveBeenCalled();
  });

  it('shows why the link failed after confirming', async () => {
    const api = mockApi();
    api.completeWorkspaceLink.mockRejectedValue(
      await responseError(400, 'Bad Request', {
        name: 'InputError',
        message: 'The WeCom sign-in ticket has expired (after 5 minutes)',
      }),
    );
    renderPage(api, '/wecom/workspace?ticket=t-late');

    await userEvent.click(await screen.findByRole('button', { name: 'Link' }));

    expect(
      await screen.findByText(
        'The WeCom sign-in ticket has expired (after 5 minutes) (400 Bad Request)',
      ),
    ).toBeInTheDocument();
  });

  it('says to reopen the app when the ticket is missing', async () => {
    const api = mockApi();
    renderPage(api, '/wecom/workspace?integration=acme');

    expect(
      await screen.findByText('This page was opened without a sign-in ticket.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Reopen the app from the WeCom workspace/),
    ).toBeInTheDocument();
    expect(api.previewWorkspaceLink).not.toHaveBeenCalled();
    expect(api.completeWorkspaceLink).not.toHaveBeenCalled();
  });
});
