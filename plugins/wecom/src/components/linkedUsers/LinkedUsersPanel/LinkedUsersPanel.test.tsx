import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import {
  acmeIntegration,
  createMockWeComApi,
  globexIntegration,
  linkedUsersPage,
  lisi,
  zhangsan,
} from '../../../testing/fixtures';
import { responseError } from '../../../testing/responseError';
import { LinkedUsersPanel } from './LinkedUsersPanel';

function renderPanel(
  api: ReturnType<typeof createMockWeComApi>,
  integrations: WeComIntegrationView[] = [acmeIntegration],
) {
  renderInTestApp(<LinkedUsersPanel integrations={integrations} />, {
    apis: [[wecomApiRef, api]],
  });
}

function mockApi() {
  const api = createMockWeComApi();
  api.listLinkedUsers.mockResolvedValue(linkedUsersPage());
  api.getLatestOneClickLink.mockResolvedValue(undefined);
  return api;
}

async function findRow(name: string): Promise<HTMLElement> {
  const cell = await screen.findByRole('rowheader', { name });
  return cell.closest('[role="row"]') as HTMLElement;
}

describe('LinkedUsersPanel', () => {
  it('lists the catalog users of the first integration with their WeCom members', async () => {
    const api = mockApi();
    renderPanel(api, [acmeIntegration, globexIntegration]);

    const zhang = within(await findRow('Zhang San'));
    expect(
      zhang.getByRole('link', { name: zhangsan.entityRef }),
    ).toHaveAttribute('href', '/catalog/default/user/zhangsan');
    expect(zhang.getByText('zhangsan@acme.example')).toBeInTheDocument();
    expect(zhang.getByText('ZhangSan')).toBeInTheDocument();
    expect(zhang.getByText('One-Click')).toBeInTheDocument();
    expect(zhang.getByRole('button', { name: 'Unlink' })).toBeInTheDocument();

    const li = within(await findRow('Li Si'));
    expect(li.getByText('Not linked')).toBeInTheDocument();
    expect(li.getByRole('button', { name: 'Link' })).toBeInTheDocument();

    const wang = within(await findRow('Wang Wu'));
    expect(
      wang.getByRole('link', { name: 'user:platform/wangwu' }),
    ).toHaveAttribute('href', '/catalog/platform/user/wangwu');
    expect(wang.getByText('Manual')).toBeInTheDocument();
    expect(wang.getByText('by user:default/admin')).toBeInTheDocument();

    expect(api.listLinkedUsers).toHaveBeenCalledWith({
      integrationId: 'acme',
      filter: 'all',
      q: undefined,
      offset: 0,
      limit: 50,
    });
    const filters = screen.getByRole('group', { name: 'Show users' });
    expect(
      within(filters).getByRole('button', { name: 'All' }),
    ).toHaveTextContent('All120');
    expect(
      within(filters).getByRole('button', { name: 'Linked' }),
    ).toHaveTextContent('Linked90');
    expect(
      within(filters).getByRole('button', { name: 'Unlinked' }),
    ).toHaveTextContent('Unlinked30');
  });

  it('filters and searches through the backend, starting again at page 1', async () => {
    const api = mockApi();
    api.listLinkedUsers.mockResolvedValue(linkedUsersPage({ totalCount: 120 }));
    renderPanel(api);
    await findRow('Zhang San');

    await userEvent.click(
      screen.getByRole('button', { name: 'Next table page' }),
    );
    await waitFor(() =>
      expect(api.listLinkedUsers).toHaveBeenLastCalledWith(
        expect.objectContaining({ filter: 'all', offset: 50 }),
      ),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Unlinked' }));
    await waitFor(() =>
      expect(api.listLinkedUsers).toHaveBeenLastCalledWith(
        expect.objectContaining({ filter: 'unlinked', offset: 0 }),
      ),
    );
    expect(screen.getByRole('button', { name: 'Unlinked' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    api.listLinkedUsers.mockClear();
    api.listLinkedUsers.mockResolvedValue(
      linkedUsersPage({ items: [lisi], totalCount: 1 }),
    );
    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search users' }),
      ' li ',
    );
    await waitFor(() =>
      expect(api.listLinkedUsers).toHaveBeenCalledWith({
        integrationId: 'acme',
        filter: 'unlinked',
        q: 'li',
        offset: 0,
        limit: 50,
      }),
    );
    // Debounced: the backend sees the search once, not once per key.
    expect(api.listLinkedUsers).toHaveBeenCalledTimes(1);
    await waitFor(() =>
      expect(
        screen.queryByRole('rowheader', { name: 'Zhang San' }),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('rowheader', { name: 'Li Si' }),
    ).toBeInTheDocument();
  });

  it('steps back a page when the rows of the last page are gone', async () => {
    const api = mockApi();
    api.listLinkedUsers.mockImplementation(async query =>
      query.offset === 50
        ? // Someone unlinked the last users meanwhile: 50 are left.
          linkedUsersPage({ items: [], totalCount: 50, offset: 50 })
        : linkedUsersPage({ totalCount: 51 }),
    );
    renderPanel(api);
    await findRow('Zhang San');

    await userEvent.click(
      screen.getByRole('button', { name: 'Next table page' }),
    );

    await waitFor(() =>
      expect(api.listLinkedUsers).toHaveBeenCalledWith(
        expect.objectContaining({ offset: 50 }),
      ),
    );
    await waitFor(() =>
      expect(api.listLinkedUsers).toHaveBeenLastCalledWith(
        expect.objectContaining({ offset: 0 }),
      ),
    );
    expect(await findRow('Zhang San')).toBeInTheDocument();
  });

  it('shows the users of the integration picked in the selector', async () => {
    const api = mockApi();
    renderPanel(api, [acmeIntegration, globexIntegration]);
    await findRow('Zhang San');

    await userEvent.click(screen.getByRole('button', { name: /Integration/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: /Globex/ }),
    );

    await waitFor(() =>
      expect(api.listLinkedUsers).toHaveBeenLastCalledWith(
        expect.objectContaining({ integrationId: 'globex', offset: 0 }),
      ),
    );
    expect(api.getLatestOneClickLink).toHaveBeenLastCalledWith('globex');
  });

  it('says to add an integration first when there is none', async () => {
    const api = mockApi();
    renderPanel(api, []);

    expect(
      await screen.findByText(/Add an integration first/),
    ).toBeInTheDocument();
    expect(api.listLinkedUsers).not.toHaveBeenCalled();
  });

  it('says why the users could not be loaded', async () => {
    const api = mockApi();
    api.listLinkedUsers.mockRejectedValue(
      await responseError(403, 'Forbidden', {
        name: 'NotAllowedError',
        message: 'Missing permission wecom.linkedUsers.read',
      }),
    );
    renderPanel(api);

    expect(
      await screen.findByText('Could not load the linked users'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Missing permission wecom.linkedUsers.read (403 Forbidden)',
      ),
    ).toBeInTheDocument();
  });

  it('links an unlinked user to the WeCom userid typed in the dialog', async () => {
    const api = mockApi();
    api.linkUser
      .mockRejectedValueOnce(
        await responseError(409, 'Conflict', {
          name: 'ConflictError',
          message: 'WeCom member lisi is already linked to user:default/lisi2',
        }),
      )
      .mockResolvedValueOnce({
        ...lisi,
        wecomUserId: 'LiSi',
        source: 'manual',
      });
    renderPanel(api);

    await userEvent.click(
      within(await findRow('Li Si')).getByRole('button', { name: 'Link' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Link Li Si' });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /WeCom userid/ }),
      'lisi',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Link' }));

    expect(api.linkUser).toHaveBeenCalledWith({
      integrationId: 'acme',
      entityRef: 'user:default/lisi',
      wecomUserId: 'lisi',
    });
    expect(
      await within(dialog).findByText(
        'WeCom member lisi is already linked to user:default/lisi2 (409 Conflict)',
      ),
    ).toBeInTheDocument();

    const input = within(dialog).getByRole('textbox', { name: /WeCom userid/ });
    await userEvent.clear(input);
    await userEvent.type(input, 'LiSi');
    api.listLinkedUsers.mockClear();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Link' }));

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.linkUser).toHaveBeenLastCalledWith(
      expect.objectContaining({ wecomUserId: 'LiSi' }),
    );
    expect(api.listLinkedUsers).toHaveBeenCalledTimes(1);
  });

  it('unlinks a user only after confirmation', async () => {
    const api = mockApi();
    api.unlinkUser.mockResolvedValue();
    renderPanel(api);

    await userEvent.click(
      within(await findRow('Zhang San')).getByRole('button', {
        name: 'Unlink',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Unlink Zhang San?',
    });
    expect(api.unlinkUser).not.toHaveBeenCalled();

    api.listLinkedUsers.mockClear();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Unlink' }),
    );

    expect(api.unlinkUser).toHaveBeenCalledWith({
      integrationId: 'acme',
      entityRef: 'user:default/zhangsan',
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.listLinkedUsers).toHaveBeenCalledTimes(1);
  });

  it('keeps the link when the unlink is cancelled', async () => {
    const api = mockApi();
    renderPanel(api);

    await userEvent.click(
      within(await findRow('Zhang San')).getByRole('button', {
        name: 'Unlink',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.unlinkUser).not.toHaveBeenCalled();
  });
});
