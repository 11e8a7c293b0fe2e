import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { WeComWarRoom } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { createMockWeComApi } from '../../../testing/fixtures';
import { paymentsIncident } from '../../../testing/incidentFixtures';
import { responseError } from '../../../testing/responseError';
import { wecomMountedRoutes } from '../../../testing/routes';
import {
  dismissedPaymentsWarRoom,
  paymentsWarRoom,
  unfinishedPaymentsWarRoom,
} from '../../../testing/warRoomFixtures';
import { WarRoomCard } from './WarRoomCard';

const incidentId = paymentsIncident.id;

function renderCard(
  warRoom?: WeComWarRoom,
  prepare: (api: ReturnType<typeof createMockWeComApi>) => void = () => {},
) {
  const api = createMockWeComApi();
  api.getWarRoom.mockResolvedValue(warRoom);
  prepare(api);
  const onChanged = jest.fn();
  renderInTestApp(
    <WarRoomCard incidentId={incidentId} onChanged={onChanged} />,
    {
      apis: [[wecomApiRef, api]],
      mountedRoutes: wecomMountedRoutes,
    },
  );
  return { api, onChanged };
}

async function memberNames(): Promise<string[]> {
  const table = await screen.findByRole('grid', { name: 'War Room members' });
  return within(table)
    .getAllByRole('rowheader')
    .map(cell => cell.textContent ?? '');
}

/** The War Room's status badge (the facts may say "Dismissed" too). */
async function statusBadge(status: string): Promise<HTMLElement> {
  return screen.findByText(status, { selector: '.bui-Badge' });
}

async function submitDialog(name: string, button: string) {
  const dialog = await screen.findByRole('dialog', { name });
  await userEvent.click(within(dialog).getByRole('button', { name: button }));
  return dialog;
}

describe('WarRoomCard', () => {
  it('explains War Rooms and offers to create one directly or with the template', async () => {
    renderCard(undefined);

    expect(
      await screen.findByText(/A War Room is a WeCom group chat/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Create War Room' }),
    ).toBeInTheDocument();
    const template = screen.getByRole('link', { name: 'Create with template' });
    const href = template.getAttribute('href')!;
    expect(href).toMatch(
      /^\/create\/templates\/default\/wecom-war-room\?formData=/,
    );
    expect(JSON.parse(decodeURIComponent(href.split('formData=')[1]))).toEqual({
      incidentId,
    });
  });

  it('creates a War Room with extra members and a name, then shows its members and who is not linked', async () => {
    const { api, onChanged } = renderCard(undefined);
    api.createWarRoom.mockResolvedValue(paymentsWarRoom);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Create War Room' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Create War Room',
    });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Extra members' }),
      'lisi, group:default/sre',
    );
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Name' }),
      'Payments down',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );

    expect(api.createWarRoom).toHaveBeenCalledWith(incidentId, {
      members: ['user:default/lisi', 'group:default/sre'],
      name: 'Payments down',
    });
    expect(await memberNames()).toEqual(['zhangsan', 'wangwu']);
    const table = screen.getByRole('grid', { name: 'War Room members' });
    expect(within(table).getByText('Requester')).toBeInTheDocument();
    expect(within(table).getByText('Responder')).toBeInTheDocument();
    expect(within(table).getByText('ZhangSan')).toBeInTheDocument();
    const notLinked = screen.getByRole('list', { name: 'Not linked' });
    expect(
      within(notLinked).getByText('user:default/lisi'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Settings → WeCom → Linked Users/),
    ).toBeInTheDocument();
    expect(await statusBadge('Active')).toBeInTheDocument();
    expect(screen.getByText(paymentsWarRoom.chatId)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(onChanged).toHaveBeenCalled();
  });

  it("shows the backend's refusal in the dialog in its own words", async () => {
    const reason =
      'Only 1 of the people for this War Room is linked to WeCom; a group needs 2. Not linked: user:default/lisi. Link them in Settings → WeCom → Linked Users.';
    const conflict = await responseError(409, 'Conflict', {
      name: 'ConflictError',
      message: reason,
    });
    const { api } = renderCard(undefined);
    api.createWarRoom.mockRejectedValue(conflict);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Create War Room' }),
    );
    const dialog = await submitDialog('Create War Room', 'Create');

    expect(
      await within(dialog).findByText('The War Room was not created'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(reason)).toBeInTheDocument();
  });

  it('does not send a member that is not a user or group', async () => {
    const { api } = renderCard(undefined);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Create War Room' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Create War Room',
    });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Extra members' }),
      'component:default/payments-api',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );

    expect(
      await within(dialog).findByText(/is not a user or group/),
    ).toBeInTheDocument();
    expect(api.createWarRoom).not.toHaveBeenCalled();
  });

  it('dismisses after saying that the WeCom group stays', async () => {
    const { api, onChanged } = renderCard(paymentsWarRoom);
    api.dismissWarRoom.mockResolvedValue(dismissedPaymentsWarRoom);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Dismiss' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Dismiss the War Room?',
    });
    expect(dialog).toHaveTextContent(
      /closed in Backstage and a closing message is posted/,
    );
    expect(dialog).toHaveTextContent(
      /WeCom group itself stays, because WeCom has no API to delete group chats/,
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Dismiss' }),
    );

    expect(api.dismissWarRoom).toHaveBeenCalledWith(incidentId);
    expect(await statusBadge('Dismissed')).toBeInTheDocument();
    expect(
      screen.getByText(/^by user:platform\/wangwu at /),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Reopen War Room' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Invite followers' }),
    ).not.toBeInTheDocument();
    expect(onChanged).toHaveBeenCalled();
  });

  it('invites followers and shows them as members', async () => {
    const { api } = renderCard(paymentsWarRoom);
    api.inviteToWarRoom.mockResolvedValue({
      ...paymentsWarRoom,
      members: [
        ...paymentsWarRoom.members,
        {
          entityRef: 'user:default/manager',
          wecomUserId: 'boss',
          role: 'follower',
          addedAt: new Date().toISOString(),
        },
      ],
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Invite followers' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Invite followers',
    });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Followers' }),
      'manager group:default/sre',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Invite' }),
    );

    expect(api.inviteToWarRoom).toHaveBeenCalledWith(incidentId, {
      members: ['user:default/manager', 'group:default/sre'],
    });
    await waitFor(async () =>
      expect(await memberNames()).toEqual(['zhangsan', 'wangwu', 'manager']),
    );
    expect(screen.getByText('Follower')).toBeInTheDocument();
    expect(screen.getByText('just now')).toBeInTheDocument();
  });

  it('shows why creation stopped and finishes it by asking again', async () => {
    const { api } = renderCard(unfinishedPaymentsWarRoom);
    api.createWarRoom.mockResolvedValue(paymentsWarRoom);

    expect(
      await screen.findByText('The War Room is not finished'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /WeCom answered 45009 .* Still to do: post the incident summary, post the analysis/,
      ),
    ).toBeInTheDocument();
    expect(await statusBadge('Creating')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Invite followers' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Finish creating' }),
    );

    expect(api.createWarRoom).toHaveBeenCalledWith(incidentId);
    expect(await statusBadge('Active')).toBeInTheDocument();
    expect(
      screen.queryByText('The War Room is not finished'),
    ).not.toBeInTheDocument();
  });

  it('keeps the War Room to finish and says why when finishing fails again', async () => {
    const badGateway = await responseError(502, 'Bad Gateway', {
      name: 'Error',
      message: 'Posting the summary failed: WeCom answered 45009',
    });
    const { api } = renderCard(unfinishedPaymentsWarRoom, mock =>
      mock.getWarRoom
        .mockResolvedValueOnce(unfinishedPaymentsWarRoom)
        .mockResolvedValue({
          ...unfinishedPaymentsWarRoom,
          lastError: 'Posting the summary failed: WeCom answered 45009',
        }),
    );
    api.createWarRoom.mockRejectedValue(badGateway);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Finish creating' }),
    );

    // Loaded again, so the warning shows the latest reason.
    expect(
      await screen.findByText(
        /^Posting the summary failed: WeCom answered 45009 Still to do/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The War Room was not changed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Posting the summary failed: WeCom answered 45009'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Finish creating' }),
    ).toBeInTheDocument();
  });

  it('reopens a dismissed War Room', async () => {
    const { api } = renderCard(dismissedPaymentsWarRoom);
    api.createWarRoom.mockResolvedValue(paymentsWarRoom);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Reopen War Room' }),
    );

    expect(api.createWarRoom).toHaveBeenCalledWith(incidentId);
    expect(await statusBadge('Active')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Dismiss' })).toBeInTheDocument();
  });

  it('says when the War Room cannot be loaded and tries again', async () => {
    const unavailable = await responseError(503, 'Service Unavailable', {
      name: 'ServiceUnavailableError',
      message: 'War Rooms are starting',
    });
    renderCard(paymentsWarRoom, api =>
      api.getWarRoom.mockRejectedValueOnce(unavailable),
    );

    expect(
      await screen.findByText('Could not load the War Room'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await memberNames()).toEqual(['zhangsan', 'wangwu']);
  });
});
