import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Settings } from 'luxon';
import {
  createMockOnCallApi,
  srePrimary,
} from '../../../testing/onCallFixtures';
import { renderOnCall } from '../__testUtils__/renderOnCall';
import { OverrideDialog } from './OverrideDialog';

// Typing into react-aria pickers in jsdom takes seconds per field.
const SLOW_FORM_TIMEOUT = 60_000;

const nameOf = (ref: string) =>
  ref === 'user:default/zhangsan' ? 'Zhang San' : ref;
const userOptions = [
  { id: 'user:default/lisi', label: 'Li Si (user:lisi)' },
  { id: 'user:default/zhangsan', label: 'Zhang San (user:zhangsan)' },
];

async function fill(label: RegExp, text: string) {
  const field = screen.getByRole('textbox', { name: label });
  await userEvent.clear(field);
  await userEvent.click(field);
  await userEvent.paste(text);
}

describe('OverrideDialog', () => {
  beforeEach(() => {
    Settings.now = () => Date.parse('2026-12-07T03:00:00Z');
    Settings.defaultZone = 'Europe/Berlin';
  });
  afterEach(() => {
    Settings.now = () => Date.now();
    Settings.defaultZone = 'system';
  });

  it("sends the times typed in the schedule's zone as ISO with its offset", async () => {
    const api = createMockOnCallApi();
    api.createScheduleOverride.mockResolvedValue(srePrimary.overrides[0]);
    const onSaved = jest.fn();
    renderOnCall(
      <OverrideDialog
        schedule={srePrimary}
        me="user:default/zhangsan"
        canManage={false}
        userOptions={userOptions}
        nameOf={nameOf}
        onClose={jest.fn()}
        onSaved={onSaved}
      />,
      { api },
    );

    // Tomorrow 09:00 to the day after, in Shanghai, by default.
    expect(screen.getByRole('textbox', { name: /^Start/ })).toHaveValue(
      '2026-12-08 09:00',
    );
    expect(
      screen.getByText(/Puts you \(Zhang San\) on call for the period/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    await fill(/^Start/, '2026-12-10 20:00');
    await fill(/^End/, '2026-12-11 08:00');
    await userEvent.click(screen.getByRole('button', { name: 'Add override' }));

    await waitFor(() =>
      expect(api.createScheduleOverride).toHaveBeenCalledWith(
        'sch-sre-primary',
        {
          userEntityRef: 'user:default/zhangsan',
          start: '2026-12-10T20:00:00+08:00',
          end: '2026-12-11T08:00:00+08:00',
        },
      ),
    );
    expect(onSaved).toHaveBeenCalled();
  });

  it(
    'lets a schedule manager put someone else on call, and checks the times',
    async () => {
      const api = createMockOnCallApi();
      api.createScheduleOverride.mockResolvedValue(srePrimary.overrides[0]);
      renderOnCall(
        <OverrideDialog
          schedule={srePrimary}
          me="user:default/zhangsan"
          canManage
          userOptions={userOptions}
          nameOf={nameOf}
          onClose={jest.fn()}
          onSaved={jest.fn()}
        />,
        { api },
      );
      const person = screen.getByRole('combobox', { name: /Person on call/ });
      expect(person).toHaveValue('Zhang San (user:zhangsan)');
      await userEvent.clear(person);
      await userEvent.type(person, 'Li');
      await userEvent.click(
        await screen.findByRole('option', { name: 'Li Si (user:lisi)' }),
      );

      await fill(/^End/, '2026-12-08 08:00');
      await userEvent.click(
        screen.getByRole('button', { name: 'Add override' }),
      );
      expect(
        await screen.findByText('End must be after start.'),
      ).toBeInTheDocument();
      expect(api.createScheduleOverride).not.toHaveBeenCalled();

      await fill(/^End/, '2026-12-09 09:00');
      await userEvent.click(
        screen.getByRole('button', { name: 'Add override' }),
      );
      await waitFor(() =>
        expect(api.createScheduleOverride).toHaveBeenCalledWith(
          'sch-sre-primary',
          {
            userEntityRef: 'user:default/lisi',
            start: '2026-12-08T09:00:00+08:00',
            end: '2026-12-09T09:00:00+08:00',
          },
        ),
      );
    },
    SLOW_FORM_TIMEOUT,
  );
});
