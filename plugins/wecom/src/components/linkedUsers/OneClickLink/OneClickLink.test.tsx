import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { wecomApiRef } from '../../../api';
import {
  completedRun,
  createMockWeComApi,
  runningRun,
  stoppedRun,
} from '../../../testing/fixtures';
import { responseError } from '../../../testing/responseError';
import { formatTime } from '../../shared/timeLabels';
import { OneClickLink } from './OneClickLink';

// Polls come once a second; leave room for two.
const POLLED = { timeout: 3000 };

function renderButton(
  api: ReturnType<typeof createMockWeComApi>,
  props: { matchPersonalEmail?: boolean } = {},
) {
  const onFinished = jest.fn();
  renderInTestApp(
    <OneClickLink integrationId="acme" onFinished={onFinished} {...props} />,
    { apis: [[wecomApiRef, api]] },
  );
  return onFinished;
}

function mockApi() {
  const api = createMockWeComApi();
  api.getLatestOneClickLink.mockResolvedValue(undefined);
  return api;
}

describe('OneClickLink', () => {
  it('shows the progress of the run it starts, then what it did', async () => {
    const api = mockApi();
    api.startOneClickLink.mockResolvedValue(runningRun);
    api.getOneClickLinkRun.mockResolvedValue(completedRun);
    const onFinished = renderButton(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'One-Click Link' }),
    );

    expect(api.startOneClickLink).toHaveBeenCalledWith('acme');
    expect(await screen.findByText('Linking… 120 / 500')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'One-Click Link' }),
    ).toBeDisabled();
    expect(onFinished).not.toHaveBeenCalled();

    const result = await screen.findByRole(
      'region',
      { name: 'One-Click Link result' },
      POLLED,
    );
    expect(api.getOneClickLinkRun).toHaveBeenCalledWith('run-1');
    expect(result).toHaveTextContent(
      /^Linked 2 · Not found 2 · Failed 1 · Already linked 4/,
    );
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(screen.queryByText(/Linking…/)).not.toBeInTheDocument();

    await userEvent.click(
      within(result).getByRole('button', { name: /Not found \(2\)/ }),
    );
    const notFound = within(result).getByRole('list', {
      name: 'Users not found in WeCom',
    });
    expect(notFound).toHaveTextContent(
      'user:default/lisi — tried mobile and corporate email, no WeCom member matches',
    );
    expect(notFound).toHaveTextContent(
      'user:default/contractor — no mobile or email in the catalog',
    );

    await userEvent.click(
      within(result).getByRole('button', { name: /Failed \(1\)/ }),
    );
    expect(
      within(result).getByRole('list', { name: 'Users that failed' }),
    ).toHaveTextContent(
      'user:default/sunqi — The member is outside the visible range of the app. (WeCom errcode 60011)',
    );
  });

  it('follows the run already going when starting answers 409', async () => {
    const api = mockApi();
    api.startOneClickLink.mockRejectedValue(
      await responseError(409, 'Conflict', {
        name: 'ConflictError',
        message: 'A One-Click Link run is already running',
      }),
    );
    renderButton(api);
    await waitFor(() => expect(api.getLatestOneClickLink).toHaveBeenCalled());
    api.getLatestOneClickLink.mockResolvedValue({
      ...runningRun,
      progress: { total: 500, processed: 300 },
    });
    api.getOneClickLinkRun.mockResolvedValue(completedRun);

    await userEvent.click(
      screen.getByRole('button', { name: 'One-Click Link' }),
    );

    expect(await screen.findByText('Linking… 300 / 500')).toBeInTheDocument();
    expect(screen.queryByText(/could not run/)).not.toBeInTheDocument();
    expect(
      await screen.findByRole(
        'region',
        { name: 'One-Click Link result' },
        POLLED,
      ),
    ).toHaveTextContent(/^Linked 2 /);
  });

  it('resumes showing a run that is going when the page opens', async () => {
    const api = mockApi();
    api.getLatestOneClickLink.mockResolvedValue(runningRun);
    api.getOneClickLinkRun.mockResolvedValue({
      ...runningRun,
      progress: { total: 500, processed: 480 },
    });
    renderButton(api);

    expect(await screen.findByText('Linking… 120 / 500')).toBeInTheDocument();
    expect(
      await screen.findByText('Linking… 480 / 500', undefined, POLLED),
    ).toBeInTheDocument();
    expect(api.startOneClickLink).not.toHaveBeenCalled();
  });

  it('shows why a run stopped and how to fix it', async () => {
    const api = mockApi();
    api.startOneClickLink.mockResolvedValue(stoppedRun);
    const onFinished = renderButton(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'One-Click Link' }),
    );

    expect(
      await screen.findByText('One-Click Link stopped'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'WeCom does not let this app look up members. (WeCom errcode 48002)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'How to fix: Give the app access to the contacts (通讯录) in the WeCom admin console.',
      ),
    ).toBeInTheDocument();
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(api.getOneClickLinkRun).not.toHaveBeenCalled();
  });

  it('names the permission an admin lacks', async () => {
    const api = mockApi();
    api.startOneClickLink.mockRejectedValue(
      await responseError(403, 'Forbidden', {
        name: 'NotAllowedError',
        message: 'Unauthorized',
      }),
    );
    renderButton(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'One-Click Link' }),
    );

    expect(
      await screen.findByText(
        'You need the wecom.linkedUsers.manage permission',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'One-Click Link' }),
    ).toBeEnabled();
  });

  it('says whether personal email is matched, and when that is safe', async () => {
    renderButton(mockApi());
    expect(
      await screen.findByText(
        /Personal email is off: turn on Match by personal email/,
      ),
    ).toBeInTheDocument();
  });

  it('lists the links that came from personal email, for review', async () => {
    const api = mockApi();
    api.startOneClickLink.mockResolvedValue({
      ...completedRun,
      matching: { personalEmail: true },
      linked: [
        ...completedRun.linked,
        {
          entityRef: 'user:default/sunqi',
          wecomUserId: 'Mallory',
          via: 'personalEmail',
        },
      ],
    });
    renderButton(api, { matchPersonalEmail: true });

    expect(
      await screen.findByText(/Personal email is on in this integration/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'One-Click Link' }),
    );
    const result = await screen.findByRole('region', {
      name: 'One-Click Link result',
    });
    await userEvent.click(
      within(result).getByRole('button', {
        name: /Linked by personal email \(1\)/,
      }),
    );
    expect(
      within(result).getByRole('list', {
        name: 'Users linked by personal email',
      }),
    ).toHaveTextContent(
      'user:default/sunqi — Mallory, whose personal email matches: make sure this is them',
    );
  });

  it('explains that users with only a personal email were not matched', async () => {
    const api = mockApi();
    api.startOneClickLink.mockResolvedValue({
      ...completedRun,
      matching: { personalEmail: false },
    });
    renderButton(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'One-Click Link' }),
    );

    const result = await screen.findByRole('region', {
      name: 'One-Click Link result',
    });
    expect(result).toHaveTextContent(
      /Personal email was not matched \(off in this integration's settings\)/,
    );
  });

  it('warns when the run stopped mobile lookups to keep WeCom from blocking them', async () => {
    const api = mockApi();
    api.startOneClickLink.mockResolvedValue({
      ...completedRun,
      mobileLookups: { misses: 5, stopped: 'missShare' },
    });
    renderButton(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'One-Click Link' }),
    );

    expect(await screen.findByText('Mobile lookups stopped')).toBeVisible();
    expect(
      screen.getByText(
        /After 5 mobile numbers found nobody, the run stopped looking members up by mobile/,
      ),
    ).toBeVisible();
  });

  it("says when earlier runs spent the corp's day of mobile lookups, and until when", async () => {
    const api = mockApi();
    const until = '2026-12-08T10:00:00.000Z';
    api.startOneClickLink.mockResolvedValue({
      ...completedRun,
      mobileLookups: {
        misses: 0,
        stopped: 'missShare',
        earlierMisses: 6,
        until,
      },
    });
    renderButton(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'One-Click Link' }),
    );

    expect(await screen.findByText('Mobile lookups stopped')).toBeVisible();
    const text = screen.getByText(/After 6 mobile numbers found nobody/);
    expect(text).toHaveTextContent(
      "6 of them in earlier runs of this corp's integrations in the last 24 hours, so this run skipped mobile lookups",
    );
    expect(text).toHaveTextContent(
      `Mobile lookups may resume at ${formatTime(until)}`,
    );
  });

  it('says when an earlier run got the 45009 that pauses mobile lookups, and until when', async () => {
    const api = mockApi();
    const until = '2026-12-08T10:00:00.000Z';
    api.startOneClickLink.mockResolvedValue({
      ...completedRun,
      mobileLookups: {
        misses: 0,
        stopped: 'blocked',
        blockedEarlier: true,
        until,
      },
    });
    renderButton(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'One-Click Link' }),
    );

    const text = await screen.findByText(
      /WeCom refused mobile lookups of this corp \(45009\) in an earlier run today, so this run skipped them/,
    );
    expect(text).toHaveTextContent(`run again after ${formatTime(until)}`);
  });

  it('says when WeCom already refused mobile lookups', async () => {
    const api = mockApi();
    api.startOneClickLink.mockResolvedValue({
      ...completedRun,
      mobileLookups: { misses: 0, stopped: 'blocked' },
    });
    renderButton(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'One-Click Link' }),
    );

    expect(
      await screen.findByText(/WeCom refused mobile lookups \(45009\)/),
    ).toBeVisible();
  });
});
