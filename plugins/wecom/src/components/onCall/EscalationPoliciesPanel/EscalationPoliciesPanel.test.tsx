import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  createMockOnCallApi,
  srePolicy,
  srePrimary,
} from '../../../testing/onCallFixtures';
import { renderOnCall } from '../__testUtils__/renderOnCall';
import { responseError } from '../../../testing/responseError';
import { EscalationPoliciesPanel } from './EscalationPoliciesPanel';

// Typing into react-aria pickers in jsdom takes seconds per field.
const SLOW_FORM_TIMEOUT = 60_000;

function mockApi() {
  const api = createMockOnCallApi();
  api.listEscalationPolicies.mockResolvedValue([srePolicy]);
  api.listSchedules.mockResolvedValue([srePrimary]);
  return api;
}

async function findRow(name: string): Promise<HTMLElement> {
  const cell = await screen.findByRole('rowheader', { name: new RegExp(name) });
  return cell.closest('[role="row"]') as HTMLElement;
}

async function fill(field: HTMLElement, text: string) {
  await userEvent.clear(field);
  await userEvent.click(field);
  await userEvent.paste(text);
}

async function pick(label: string, typed: string, option: string) {
  await userEvent.type(screen.getByRole('combobox', { name: label }), typed);
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('EscalationPoliciesPanel', () => {
  it('lists the policies with their levels on one line and the annotation to attach them', async () => {
    renderOnCall(<EscalationPoliciesPanel />, { api: mockApi() });
    const row = within(await findRow('SRE default'));
    expect(
      await row.findByText(
        '1: SRE primary → after 15 min 2: group:sre → repeat 2×',
      ),
    ).toBeInTheDocument();
    expect(
      row.getByText('work.weixin.qq.com/escalation-policy: sre-default'),
    ).toBeInTheDocument();
    expect(
      row.getByRole('button', { name: 'Copy the annotation for SRE default' }),
    ).toBeInTheDocument();
  });

  it(
    'creates a policy with exactly the body the API takes',
    async () => {
      const api = mockApi();
      api.createEscalationPolicy.mockResolvedValue({
        ...srePolicy,
        id: 'payments',
      });
      renderOnCall(<EscalationPoliciesPanel />, { api });
      await findRow('SRE default');

      await userEvent.click(screen.getByRole('button', { name: 'New policy' }));
      await fill(screen.getByRole('textbox', { name: /^Name/ }), 'Payments');
      await pick('Owner group', 'Pay', 'Payments (group:payments)');
      await pick('Add target to Level 1', 'SRE', 'SRE primary (group:sre)');
      await fill(
        screen.getByRole('textbox', {
          name: /Minutes to acknowledge at Level 1/,
        }),
        '10',
      );
      await userEvent.click(screen.getByRole('button', { name: 'Add level' }));
      await userEvent.click(
        screen.getByRole('button', { name: /Kind of target for Level 2/ }),
      );
      await userEvent.click(
        await screen.findByRole('option', { name: 'User' }),
      );
      await pick('Add target to Level 2', 'Wang', 'Wang Wu (user:wangwu)');
      await fill(screen.getByRole('textbox', { name: /^Repeat/ }), '1');
      await userEvent.click(screen.getByRole('button', { name: 'Create' }));

      await waitFor(() =>
        expect(api.createEscalationPolicy).toHaveBeenCalledWith({
          name: 'Payments',
          ownerRef: 'group:default/payments',
          levels: [
            {
              targets: [{ kind: 'schedule', ref: 'sch-sre-primary' }],
              delayMinutes: 10,
            },
            {
              targets: [{ kind: 'user', ref: 'user:default/wangwu' }],
              delayMinutes: 15,
            },
          ],
          repeat: 1,
        }),
      );
    },
    SLOW_FORM_TIMEOUT,
  );

  it(
    'says what to fix before sending',
    async () => {
      const api = mockApi();
      renderOnCall(<EscalationPoliciesPanel />, { api });
      await findRow('SRE default');
      await userEvent.click(screen.getByRole('button', { name: 'New policy' }));
      await fill(screen.getByRole('textbox', { name: /^Repeat/ }), '12');
      await userEvent.click(screen.getByRole('button', { name: 'Create' }));
      expect(
        await screen.findByText('Give the policy a name.'),
      ).toBeInTheDocument();
      expect(
        screen.getByText('Level 1: Add at least one schedule, group or user.'),
      ).toBeInTheDocument();
      expect(
        screen.getByText('Repeat must be a whole number from 0 to 9.'),
      ).toBeInTheDocument();
      expect(api.createEscalationPolicy).not.toHaveBeenCalled();
    },
    SLOW_FORM_TIMEOUT,
  );

  it('shows which entities still use a policy when the backend refuses to delete it', async () => {
    const api = mockApi();
    api.deleteEscalationPolicy.mockRejectedValue(
      await responseError(409, 'Conflict', {
        name: 'ConflictError',
        message:
          'The policy sre-default is used by component:default/payments-api and group:default/sre',
      }),
    );
    renderOnCall(<EscalationPoliciesPanel />, { api });
    const row = within(await findRow('SRE default'));
    await userEvent.click(
      row.getByRole('button', { name: 'Delete SRE default' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );
    expect(
      await within(dialog).findByText(
        /used by component:default\/payments-api and group:default\/sre/,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('The policy was not deleted'),
    ).toBeInTheDocument();
  });
});
