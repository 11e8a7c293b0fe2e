import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { wecomApiRef } from '../../../api';
import { createMockWeComApi } from '../../../testing/fixtures';
import { responseError } from '../../../testing/responseError';
import { MyNotifications } from './MyNotifications';

function renderCard(api: ReturnType<typeof createMockWeComApi>) {
  renderInTestApp(<MyNotifications />, { apis: [[wecomApiRef, api]] });
}

const cardsSwitch = () =>
  screen.findByRole('switch', { name: 'Send me WeCom alert cards' });

describe('MyNotifications', () => {
  it('shows the stored setting and turns the cards off', async () => {
    const api = createMockWeComApi();
    api.getMyPreferences.mockResolvedValue({ personalChannelEnabled: true });
    api.updateMyPreferences.mockResolvedValue({
      personalChannelEnabled: false,
    });
    renderCard(api);

    const toggle = await cardsSwitch();
    await waitFor(() => expect(toggle).toBeChecked());
    await userEvent.click(toggle);

    expect(api.updateMyPreferences).toHaveBeenCalledWith({
      personalChannelEnabled: false,
    });
    await waitFor(() => expect(toggle).not.toBeChecked());
  });

  it('turns the cards back on', async () => {
    const api = createMockWeComApi();
    api.getMyPreferences.mockResolvedValue({ personalChannelEnabled: false });
    api.updateMyPreferences.mockResolvedValue({ personalChannelEnabled: true });
    renderCard(api);

    const toggle = await cardsSwitch();
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).not.toBeChecked();
    await userEvent.click(toggle);

    expect(api.updateMyPreferences).toHaveBeenCalledWith({
      personalChannelEnabled: true,
    });
    await waitFor(() => expect(toggle).toBeChecked());
  });

  it('puts the switch back and says why when the change is refused', async () => {
    const api = createMockWeComApi();
    api.getMyPreferences.mockResolvedValue({ personalChannelEnabled: true });
    api.updateMyPreferences.mockRejectedValue(
      await responseError(401, 'Unauthorized', {
        name: 'AuthenticationError',
        message: 'Sign in to change your settings',
      }),
    );
    renderCard(api);

    const toggle = await cardsSwitch();
    await waitFor(() => expect(toggle).toBeChecked());
    await userEvent.click(toggle);

    expect(
      await screen.findByText('Your setting was not changed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Sign in to change your settings (401 Unauthorized)'),
    ).toBeInTheDocument();
    expect(toggle).toBeChecked();
  });

  it('says why the setting could not be loaded', async () => {
    const api = createMockWeComApi();
    api.getMyPreferences.mockRejectedValue(new Error('Network down'));
    renderCard(api);

    expect(
      await screen.findByText('Could not load your notification settings'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
  });
});
