import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Settings } from 'luxon';
import {
  createMockOnCallApi,
  srePrimary,
  srePrimaryWeek,
} from '../../../testing/onCallFixtures';
import { renderOnCall } from '../__testUtils__/renderOnCall';
import { ScheduleTimeline } from './ScheduleTimeline';

const names: Record<string, string> = {
  'user:default/zhangsan': 'Zhang San',
  'user:default/lisi': 'Li Si',
  'user:default/wangwu': 'Wang Wu',
};
const nameOf = (ref: string) => names[ref] ?? ref;

function row(name: string) {
  return within(screen.getByRole('list', { name }));
}

describe('ScheduleTimeline', () => {
  beforeEach(() => {
    // Mon 7 Dec 2026 11:00 in Shanghai; the viewer is in Berlin (UTC+1).
    Settings.now = () => Date.parse('2026-12-07T03:00:00Z');
    Settings.defaultZone = 'Europe/Berlin';
  });
  afterEach(() => {
    Settings.now = () => Date.now();
    Settings.defaultZone = 'system';
  });

  it("shows the week's shifts in the schedule's zone, a row per layer and the final row", async () => {
    const api = createMockOnCallApi();
    api.getScheduleTimeline.mockResolvedValue(srePrimaryWeek);
    renderOnCall(<ScheduleTimeline schedule={srePrimary} nameOf={nameOf} />, {
      api,
    });

    await screen.findByRole('region', { name: 'Timeline of SRE primary' });
    // The week from Monday 00:00 in Shanghai.
    expect(api.getScheduleTimeline).toHaveBeenCalledWith('sch-sre-primary', {
      from: '2026-12-06T16:00:00.000Z',
      to: '2026-12-13T16:00:00.000Z',
    });
    expect(
      row('Layer 1').getByRole('listitem', {
        name: 'Zhang San, Mon 09:00 – Mon 09:00 next week',
      }),
    ).toBeInTheDocument();
    expect(
      row('Layer 1').getByRole('listitem', {
        name: 'Li Si, Mon 30 Nov 09:00 – Mon 09:00 next week',
      }),
    ).toBeInTheDocument();
    const final = row('Final');
    expect(
      final.getByRole('listitem', { name: 'Zhang San, Mon 09:00 – Tue 09:00' }),
    ).toBeInTheDocument();
    const override = final.getByRole('listitem', {
      name: 'Wang Wu, Tue 09:00 – Wed 09:00 (override)',
    });
    expect(override).toHaveAttribute('data-override', 'true');
    expect(override).toHaveTextContent('Wang Wu');
    expect(
      screen.getByRole('img', { name: 'Now, Mon 11:00' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/times in Asia\/Shanghai/)).toBeInTheDocument();
  });

  it("switches to the viewer's own zone", async () => {
    const api = createMockOnCallApi();
    api.getScheduleTimeline.mockResolvedValue(srePrimaryWeek);
    renderOnCall(<ScheduleTimeline schedule={srePrimary} nameOf={nameOf} />, {
      api,
    });
    await screen.findByRole('region', { name: 'Timeline of SRE primary' });

    await userEvent.click(
      screen.getByRole('switch', {
        name: /Show times in my time zone \(Europe\/Berlin\)/,
      }),
    );
    await waitFor(() =>
      expect(api.getScheduleTimeline).toHaveBeenLastCalledWith(
        'sch-sre-primary',
        { from: '2026-12-06T23:00:00.000Z', to: '2026-12-13T23:00:00.000Z' },
      ),
    );
    expect(
      await row('Layer 1').findByRole('listitem', {
        name: 'Zhang San, Mon 02:00 – Mon 02:00 next week',
      }),
    ).toBeInTheDocument();
    expect(
      row('Final').getByRole('listitem', {
        name: 'Wang Wu, Tue 02:00 – Wed 02:00 (override)',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Now, Mon 04:00' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/times in Europe\/Berlin/)).toBeInTheDocument();
  });

  it('pages by the window length', async () => {
    const api = createMockOnCallApi();
    api.getScheduleTimeline.mockResolvedValue(srePrimaryWeek);
    renderOnCall(<ScheduleTimeline schedule={srePrimary} nameOf={nameOf} />, {
      api,
    });
    await screen.findByRole('region', { name: 'Timeline of SRE primary' });

    await userEvent.click(screen.getByRole('button', { name: '2 weeks' }));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() =>
      expect(api.getScheduleTimeline).toHaveBeenLastCalledWith(
        'sch-sre-primary',
        { from: '2026-12-20T16:00:00.000Z', to: '2027-01-03T16:00:00.000Z' },
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Today' }));
    await waitFor(() =>
      expect(api.getScheduleTimeline).toHaveBeenLastCalledWith(
        'sch-sre-primary',
        { from: '2026-12-06T16:00:00.000Z', to: '2026-12-20T16:00:00.000Z' },
      ),
    );
  });
});
