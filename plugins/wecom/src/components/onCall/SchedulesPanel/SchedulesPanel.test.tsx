import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Settings } from 'luxon';
import {
  createMockOnCallApi,
  srePrimary,
  srePrimaryWeek,
} from '../../../testing/onCallFixtures';
import { renderOnCall } from '../__testUtils__/renderOnCall';
import { responseError } from '../../../testing/responseError';
import { SchedulesPanel } from './SchedulesPanel';

// Typing into react-aria pickers in jsdom takes seconds per field.
const SLOW_FORM_TIMEOUT = 60_000;

// Mon 7 Dec 2026 11:00 in Shanghai, where the browser runs.
const NOW = Date.parse('2026-12-07T03:00:00Z');

function mockApi() {
  const api = createMockOnCallApi();
  api.listSchedules.mockResolvedValue([srePrimary]);
  api.getScheduleTimeline.mockResolvedValue(srePrimaryWeek);
  return api;
}

async function findRow(name: string): Promise<HTMLElement> {
  const cell = await screen.findByRole('rowheader', { name });
  return cell.closest('[role="row"]') as HTMLElement;
}

/** Replaces a text field's value (pasted: typing each key is slow in jsdom). */
async function fill(field: HTMLElement, text: string) {
  await userEvent.clear(field);
  await userEvent.click(field);
  await userEvent.paste(text);
}

/** Picks an option of a type-to-search field. */
async function pick(label: string, typed: string, option: string) {
  await userEvent.type(screen.getByRole('combobox', { name: label }), typed);
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('SchedulesPanel', () => {
  beforeEach(() => {
    Settings.now = () => NOW;
    Settings.defaultZone = 'Asia/Shanghai';
  });
  afterEach(() => {
    Settings.now = () => Date.now();
    Settings.defaultZone = 'system';
  });

  it('lists the schedules with their owner, zone, layers and who is on call now', async () => {
    renderOnCall(<SchedulesPanel />, { api: mockApi() });
    const row = within(await findRow('SRE primary'));
    expect(row.getByText('Asia/Shanghai')).toBeInTheDocument();
    expect(row.getByText('group:sre')).toBeInTheDocument();
    expect(await row.findByText('Zhang San')).toBeInTheDocument();
    expect(row.getByText('1')).toBeInTheDocument();
  });

  it(
    'creates a schedule with exactly the body the API takes',
    async () => {
      const api = mockApi();
      api.createSchedule.mockResolvedValue({ ...srePrimary, id: 'sch-new' });
      renderOnCall(<SchedulesPanel />, { api });
      await findRow('SRE primary');

      await userEvent.click(
        screen.getByRole('button', { name: 'New schedule' }),
      );
      await fill(screen.getByRole('textbox', { name: /^Name/ }), 'Payments');
      await pick('Owner group', 'Pay', 'Payments (group:payments)');
      expect(screen.getByRole('combobox', { name: 'Time zone' })).toHaveValue(
        'Asia/Shanghai',
      );
      await pick('Add member to Layer 1', 'Li', 'Li Si (user:lisi)');
      await pick('Add member to Layer 1', 'Zhang', 'Zhang San (user:zhangsan)');
      // Zhang San first in turn order.
      await userEvent.click(
        screen.getByRole('button', { name: 'Move Zhang San up' }),
      );
      const handoff = screen.getByRole('textbox', {
        name: /Hand-off time of Layer 1/,
      });
      await fill(handoff, '10:30');
      const start = screen.getByRole('textbox', {
        name: /Start date of Layer 1/,
      });
      expect(start).toHaveValue('2026-12-07');
      await fill(start, '2026-12-01');
      await userEvent.click(screen.getByRole('button', { name: 'Create' }));

      await waitFor(() =>
        expect(api.createSchedule).toHaveBeenCalledWith({
          name: 'Payments',
          ownerRef: 'group:default/payments',
          timeZone: 'Asia/Shanghai',
          layers: [
            {
              members: ['user:default/zhangsan', 'user:default/lisi'],
              handoffTime: '10:30',
              rotationDays: 7,
              startDate: '2026-12-01',
            },
          ],
        }),
      );
    },
    SLOW_FORM_TIMEOUT,
  );

  it(
    'says what to fix before sending, then shows the reason the backend refuses',
    async () => {
      const api = mockApi();
      api.createSchedule.mockRejectedValue(
        await responseError(400, 'Bad Request', {
          name: 'InputError',
          message: 'user:default/ghost is not a catalog user',
        }),
      );
      renderOnCall(<SchedulesPanel />, { api });
      await findRow('SRE primary');

      await userEvent.click(
        screen.getByRole('button', { name: 'New schedule' }),
      );
      const handoff = screen.getByRole('textbox', {
        name: /Hand-off time of Layer 1/,
      });
      await fill(handoff, '9am');
      await userEvent.click(screen.getByRole('button', { name: 'Create' }));
      expect(
        await screen.findByText('Give the schedule a name.'),
      ).toBeInTheDocument();
      expect(
        screen.getByText('Pick the group that owns the schedule.'),
      ).toBeInTheDocument();
      expect(
        screen.getByText('Layer 1: Add at least one member.'),
      ).toBeInTheDocument();
      expect(
        screen.getByText('Layer 1: Hand-off time must look like 09:00.'),
      ).toBeInTheDocument();
      expect(api.createSchedule).not.toHaveBeenCalled();

      await fill(screen.getByRole('textbox', { name: /^Name/ }), 'Payments');
      await pick('Owner group', 'Pay', 'Payments (group:payments)');
      await pick('Add member to Layer 1', 'Li', 'Li Si (user:lisi)');
      await fill(handoff, '09:00');
      await userEvent.click(screen.getByRole('button', { name: 'Create' }));
      expect(
        await screen.findByText(/user:default\/ghost is not a catalog user/),
      ).toBeInTheDocument();
      expect(
        screen.getByText('The schedule was not created'),
      ).toBeInTheDocument();
      expect(
        screen.queryByText('Give the schedule a name.'),
      ).not.toBeInTheDocument();
    },
    SLOW_FORM_TIMEOUT,
  );

  it('edits a schedule, keeping what was not changed', async () => {
    const api = mockApi();
    api.updateSchedule.mockResolvedValue(srePrimary);
    renderOnCall(<SchedulesPanel />, { api });
    const row = within(await findRow('SRE primary'));
    await userEvent.click(
      row.getByRole('button', { name: 'Edit SRE primary' }),
    );
    expect(
      within(screen.getByRole('list', { name: 'Members of Layer 1' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['Zhang San', 'Li Si']);
    await userEvent.click(screen.getByRole('button', { name: 'Remove Li Si' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateSchedule).toHaveBeenCalledWith('sch-sre-primary', {
        name: 'SRE primary',
        ownerRef: 'group:default/sre',
        timeZone: 'Asia/Shanghai',
        layers: [
          {
            members: ['user:default/zhangsan'],
            handoffTime: '09:00',
            rotationDays: 7,
            startDate: '2026-11-30',
          },
        ],
      }),
    );
  });

  it('deletes a schedule after asking', async () => {
    const api = mockApi();
    api.deleteSchedule.mockResolvedValue();
    renderOnCall(<SchedulesPanel />, { api });
    const row = within(await findRow('SRE primary'));
    await userEvent.click(
      row.getByRole('button', { name: 'Delete SRE primary' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Delete SRE primary?');
    api.listSchedules.mockResolvedValue([]);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );
    await waitFor(() =>
      expect(api.deleteSchedule).toHaveBeenCalledWith('sch-sre-primary'),
    );
    expect(await screen.findByText('No schedules yet.')).toBeInTheDocument();
  });

  it('filters by owner group through the backend', async () => {
    const api = mockApi();
    renderOnCall(<SchedulesPanel />, { api });
    await findRow('SRE primary');
    expect(api.listSchedules).toHaveBeenCalledWith(undefined);
    await userEvent.click(screen.getByRole('button', { name: /Owner group/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'SRE (group:sre)' }),
    );
    await waitFor(() =>
      expect(api.listSchedules).toHaveBeenLastCalledWith({
        ownerRef: 'group:default/sre',
      }),
    );
  });

  it('reads a 403 from the backend the same way', async () => {
    const api = mockApi();
    api.listSchedules.mockRejectedValue(
      await responseError(403, 'Forbidden', {
        name: 'NotAllowedError',
        message: 'Unauthorized',
      }),
    );
    renderOnCall(<SchedulesPanel />, { api });
    expect(
      await screen.findByText('You cannot see on-call here'),
    ).toBeInTheDocument();
  });
});
