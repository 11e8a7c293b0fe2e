import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import { acmeIntegration, globexIntegration } from '../../testing/fixtures';
import { IntegrationDetails } from './IntegrationDetails';

describe('IntegrationDetails', () => {
  it('says the smart bot is reached through its callback URL', async () => {
    renderInTestApp(<IntegrationDetails integration={acmeIntegration} />);
    expect(
      await screen.findByText(
        'Smart bot: callback URL (WeCom calls the Bot callback URL below).',
      ),
    ).toBeInTheDocument();
  });

  it('shows a long-connection bot with its id and address, and no bot callback URL', async () => {
    const integration: WeComIntegrationView = {
      ...acmeIntegration,
      bot: {
        mode: 'longConnection',
        token: 'unset',
        encodingAESKey: 'unset',
        botId: 'aibacme01',
        secret: 'set',
        wsUrl: 'wss://openws.acme.internal',
      },
      urls: { ...acmeIntegration.urls, botCallbackUrl: undefined },
    };
    renderInTestApp(<IntegrationDetails integration={integration} />);
    expect(
      await screen.findByText(
        'Smart bot: long connection at wss://openws.acme.internal (bot aibacme01); Backstage connects to WeCom, so the bot needs no callback URL.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Bot callback URL')).not.toBeInTheDocument();
  });

  it('says when no bot is set up', async () => {
    renderInTestApp(<IntegrationDetails integration={globexIntegration} />);
    expect(
      await screen.findByText('Smart bot: not set up.'),
    ).toBeInTheDocument();
  });
});
