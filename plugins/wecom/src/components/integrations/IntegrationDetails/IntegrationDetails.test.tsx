import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import { acmeIntegration, globexIntegration } from '../../../testing/fixtures';
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

  describe('a third-party app', () => {
    const tenant = (
      authorization: WeComIntegrationView['authorization'],
    ): WeComIntegrationView => ({
      ...globexIntegration,
      mode: 'thirdPartyApp',
      authorization,
    });

    it('waits for the corp to install the app', async () => {
      renderInTestApp(
        <IntegrationDetails integration={tenant({ status: 'pending' })} />,
      );
      expect(
        await screen.findByText(
          /Not authorized yet: the corp's admin installs the app/,
        ),
      ).toBeInTheDocument();
    });

    it('names the authorized app and its visible range', async () => {
      renderInTestApp(
        <IntegrationDetails
          integration={tenant({
            status: 'authorized',
            corpName: 'Globex',
            agentId: 1000005,
            scope: { allowParty: [1], allowUser: ['LiSi'] },
            authorizedAt: '2026-12-01T08:00:00.000Z',
          })}
        />,
      );
      expect(
        await screen.findByText(
          'Authorized by Globex: app 1000005, visible to 1 member(s), 1 department(s) and 0 tag(s).',
        ),
      ).toBeInTheDocument();
    });

    it('says a cancelled authorization disabled the integration and what to do', async () => {
      renderInTestApp(
        <IntegrationDetails
          integration={tenant({
            status: 'cancelled',
            corpName: 'Globex',
            cancelledAt: '2026-12-02T08:00:00.000Z',
          })}
        />,
      );
      expect(
        await screen.findByText(
          /Disabled: Globex removed the app on 2026-12-02T08:00:00.000Z\. No cards are sent and nobody can sign in until its admin installs the app again\./,
        ),
      ).toBeInTheDocument();
    });
  });
});
