import type {
  SecretState,
  WeComHealthCheck,
  WeComIntegrationMode,
  WeComIntegrationSource,
  WeComIntegrationView,
} from 'backstage-plugin-wecom-common';

/** How the WeCom admin console names the two kinds of app. */
export function modeLabel(mode: WeComIntegrationMode): string {
  return mode === 'customApp' ? 'Custom app' : 'Third-party app';
}

/** Where the integration is defined, and so whether the UI may change it. */
export function sourceLabel(source: WeComIntegrationSource): {
  title: string;
  description: string;
} {
  return source === 'config'
    ? { title: 'Config', description: 'app-config.yaml, read-only here' }
    : { title: 'Database', description: 'made in the setup form' };
}

/** Why an app-config integration has no Edit or Delete. */
export const CONFIG_READ_ONLY_NOTE =
  'Defined in app-config.yaml; edit it there.';

/** The browser only ever learns whether a secret has a value. */
export function secretStateLabel(state: SecretState): string {
  return state === 'set' ? 'set' : 'not set';
}

/** Each write-only secret of an integration, named as in the admin console. */
export function secretStates(
  integration: WeComIntegrationView,
): Array<{ label: string; state: SecretState }> {
  return [
    { label: 'Secret', state: integration.secret },
    { label: 'Callback Token', state: integration.callback.token },
    {
      label: 'Callback EncodingAESKey',
      state: integration.callback.encodingAESKey,
    },
    // Only the secrets of the bot's transport can be set.
    ...(integration.bot.mode === 'longConnection'
      ? [{ label: 'Bot Secret', state: integration.bot.secret }]
      : [
          { label: 'Bot Token', state: integration.bot.token },
          {
            label: 'Bot EncodingAESKey',
            state: integration.bot.encodingAESKey,
          },
        ]),
  ];
}

/** How the smart bot is reached, in words for the setup page. */
export function botTransportLabel(integration: WeComIntegrationView): string {
  const { bot } = integration;
  if (bot.mode === 'longConnection') {
    const address = bot.wsUrl ? ` at ${bot.wsUrl}` : '';
    return `Smart bot: long connection${address} (bot ${
      bot.botId ?? 'not set'
    }); Backstage connects to WeCom, so the bot needs no callback URL.`;
  }
  return bot.token === 'set'
    ? 'Smart bot: callback URL (WeCom calls the Bot callback URL below).'
    : 'Smart bot: not set up.';
}

export function checkStatusLabel(status: WeComHealthCheck['status']): string {
  switch (status) {
    case 'ok':
      return 'OK';
    case 'failed':
      return 'Failed';
    case 'unknown':
      return 'Unknown';
    default:
      return 'Skipped';
  }
}
