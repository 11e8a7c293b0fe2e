import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { WeComHealthReport } from 'backstage-plugin-wecom-common';
import { HealthReport } from './HealthReport';

const report: WeComHealthReport = {
  integrationId: 'demo',
  ok: true,
  checkedAt: '2026-12-07T01:00:00.000Z',
  checks: [
    {
      id: 'token',
      title: 'Access token (Corp ID and Secret)',
      status: 'ok',
      message: 'The backend obtained an access token',
    },
    {
      id: 'bot',
      title: 'Smart bot (callback keys or long connection)',
      status: 'unknown',
      message:
        "The keys decrypt a sample; WeCom has not verified the bot's callback URL yet",
      hint: "Save the bot's callback URL in WeCom",
    },
    {
      id: 'warRoomChat',
      title: 'Group chats for War Rooms (appchat)',
      status: 'ok',
      message: 'The app may use group chats (visible to the root department)',
    },
  ],
};

describe('HealthReport', () => {
  it('shows the smart bot and group chat checks, an unknown one with what to check', async () => {
    await renderInTestApp(<HealthReport report={report} />);
    expect(
      screen.getByText('No check failed; 1 could not be confirmed'),
    ).toBeInTheDocument();
    const checks = screen.getByRole('list', { name: 'Health checks' });
    const bot = within(checks).getByRole('listitem', {
      name: 'Smart bot (callback keys or long connection)',
    });
    expect(within(bot).getByText('Unknown')).toBeInTheDocument();
    expect(
      within(bot).getByText(
        "What to check: Save the bot's callback URL in WeCom",
      ),
    ).toBeInTheDocument();
    const chat = within(checks).getByRole('listitem', {
      name: 'Group chats for War Rooms (appchat)',
    });
    expect(within(chat).getByText('OK')).toBeInTheDocument();
  });

  it('shows the 48002 hint of a failed group chat check', async () => {
    await renderInTestApp(
      <HealthReport
        report={{
          ...report,
          ok: false,
          checks: [
            {
              id: 'warRoomChat',
              title: 'Group chats for War Rooms (appchat)',
              status: 'failed',
              message: 'WeCom refuses group chats to this app',
              errcode: 48002,
              hint: 'Set the visible range to the root department',
            },
          ],
        }}
      />,
    );
    expect(screen.getByText('1 of 1 checks failed')).toBeInTheDocument();
    expect(
      screen.getByText(
        /WeCom refuses group chats to this app \(WeCom errcode 48002\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'How to fix: Set the visible range to the root department',
      ),
    ).toBeInTheDocument();
  });
});
