import { StrictMode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { wecomApiRef } from '../../api';
import { createMockWeComApi } from '../../testing/fixtures';
import { responseError } from '../../testing/responseError';
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

const linked = {
  integrationId: 'acme',
  entityRef: 'user:default/zhangsan',
  wecomUserId: 'ZhangSan',
  redirectTo: '/catalog',
};

describe('WorkspaceLinkPage', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('redeems the ticket once and says who is now linked to whom', async () => {
    const api = createMockWeComApi();
    api.completeWorkspaceLink.mockResolvedValue(linked);
    renderPage(api, '/wecom/workspace?ticket=t-123&integration=acme');

    expect(
      await screen.findByText(
        'Your Backstage account user:default/zhangsan is linked to WeCom member ZhangSan',
      ),
    ).toBeInTheDocument();
    expect(api.completeWorkspaceLink).toHaveBeenCalledTimes(1);
    expect(api.completeWorkspaceLink).toHaveBeenCalledWith('t-123');

    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('The catalog')).toBeInTheDocument();
  });

  it('moves on to where the member was going after a moment', async () => {
    jest.useFakeTimers();
    const api = createMockWeComApi();
    api.completeWorkspaceLink.mockResolvedValue(linked);
    renderPage(api, '/wecom/workspace?ticket=t-456');

    await screen.findByText(/is linked to WeCom member ZhangSan/);
    expect(screen.queryByText('The catalog')).not.toBeInTheDocument();
    act(() => {
      jest.advanceTimersByTime(WORKSPACE_LINK_REDIRECT_MS);
    });

    expect(await screen.findByText('The catalog')).toBeInTheDocument();
  });

  it('never leaves the app, whatever redirectTo says', async () => {
    const api = createMockWeComApi();
    api.completeWorkspaceLink.mockResolvedValue({
      ...linked,
      redirectTo: '//evil.example/phish',
    });
    renderPage(api, '/wecom/workspace?ticket=t-789');

    await userEvent.click(
      await screen.findByRole('button', { name: 'Continue' }),
    );

    expect(await screen.findByText('Home')).toBeInTheDocument();
  });

  it('shows why a used or expired ticket failed and how to get a new one', async () => {
    const api = createMockWeComApi();
    api.completeWorkspaceLink.mockRejectedValue(
      await responseError(410, 'Gone', {
        name: 'InputError',
        message: 'The sign-in ticket has expired or was already used',
      }),
    );
    renderPage(api, '/wecom/workspace?ticket=t-old');

    expect(
      await screen.findByText('Your account could not be linked to WeCom'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'The sign-in ticket has expired or was already used (410 Gone)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Reopen the app from the WeCom workspace/),
    ).toBeInTheDocument();
    expect(api.completeWorkspaceLink).toHaveBeenCalledTimes(1);
  });

  it('says to reopen the app when the ticket is missing', async () => {
    const api = createMockWeComApi();
    renderPage(api, '/wecom/workspace?integration=acme');

    expect(
      await screen.findByText('This page was opened without a sign-in ticket.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Reopen the app from the WeCom workspace/),
    ).toBeInTheDocument();
    expect(api.completeWorkspaceLink).not.toHaveBeenCalled();
  });
});
