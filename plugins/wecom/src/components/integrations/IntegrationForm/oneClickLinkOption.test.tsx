import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { acmeIntegration, createMockWeComApi } from '../../../testing/fixtures';
import { WeComPage } from '../../page/WeComPage';

/** A complete integration from the setup form, which the admin may edit. */
const stored: WeComIntegrationView = {
  ...acmeIntegration,
  source: 'database',
};

function renderPage(integration: WeComIntegrationView) {
  const api = createMockWeComApi();
  api.listIntegrations.mockResolvedValue([integration]);
  api.updateIntegration.mockResolvedValue(integration);
  renderInTestApp(<WeComPage />, { apis: [[wecomApiRef, api]] });
  return api;
}

async function openEditForm(name: string) {
  await userEvent.click(
    await screen.findByRole('button', { name: `Edit ${name}` }),
  );
  return screen.findByRole('dialog');
}

const personalEmail = (dialog: HTMLElement) =>
  within(dialog).getByRole('switch', { name: 'Match by personal email' });

describe('the One-Click Link option of the setup form', () => {
  it('is off by default and says when it is safe to turn on', async () => {
    const api = renderPage(stored);
    const dialog = await openEditForm(stored.name);

    expect(personalEmail(dialog)).not.toBeChecked();
    expect(personalEmail(dialog)).toHaveAccessibleDescription(
      /Only if members cannot edit their own email in your corp/,
    );

    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updateIntegration).toHaveBeenCalled());
    expect(api.updateIntegration.mock.calls[0][1].oneClickLink).toBeUndefined();
  });

  it('sends the choice when turned on', async () => {
    const api = renderPage(stored);
    const dialog = await openEditForm(stored.name);

    await userEvent.click(personalEmail(dialog));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(api.updateIntegration).toHaveBeenCalledWith(
        stored.id,
        expect.objectContaining({
          oneClickLink: { matchPersonalEmail: true },
        }),
      ),
    );
  });

  it('shows a stored choice as on, and turning it off leaves it out', async () => {
    const api = renderPage({
      ...stored,
      oneClickLink: { matchPersonalEmail: true },
    });
    const dialog = await openEditForm(stored.name);
    expect(personalEmail(dialog)).toBeChecked();

    await userEvent.click(personalEmail(dialog));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(api.updateIntegration).toHaveBeenCalled());
    expect(api.updateIntegration.mock.calls[0][1].oneClickLink).toBeUndefined();
  });
});
