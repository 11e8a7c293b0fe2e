import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import {
  acmeIntegration,
  createMockWeComApi,
  failingReport,
  globexIntegration,
} from '../../../testing/fixtures';
import { WeComPage } from '../../page/WeComPage';

const newUrls = {
  callbackUrl:
    'https://backstage.example.com/api/wecom/integrations/initech/callback',
  botCallbackUrl:
    'https://backstage.example.com/api/wecom/integrations/initech/bot-callback',
  homepageUrl: 'https://backstage.example.com/wecom/login/initech',
  trustedDomain: 'backstage.example.com',
};

/** What the backend answers after storing the form of these tests. */
const initechView: WeComIntegrationView = {
  id: 'initech',
  name: 'Initech',
  mode: 'customApp',
  corpId: 'ww1111222233334444',
  agentId: 1000005,
  apiBaseUrl: 'https://qyapi.weixin.qq.com',
  privateDeployment: false,
  secret: 'set',
  callback: { token: 'set', encodingAESKey: 'set' },
  bot: {
    mode: 'callback',
    token: 'unset',
    encodingAESKey: 'unset',
    secret: 'unset',
  },
  warRoom: { enabled: true },
  source: 'database',
  urls: newUrls,
};

/** The same integration with its bot on the long connection. */
const initechLongConnectionView: WeComIntegrationView = {
  ...initechView,
  bot: {
    mode: 'longConnection',
    token: 'unset',
    encodingAESKey: 'unset',
    botId: 'aibinitech01',
    secret: 'set',
  },
  urls: { ...newUrls, botCallbackUrl: undefined },
};

function renderPage(integrations: WeComIntegrationView[]) {
  const api = createMockWeComApi();
  api.listIntegrations.mockResolvedValue(integrations);
  renderInTestApp(<WeComPage />, { apis: [[wecomApiRef, api]] });
  return api;
}

async function openAddForm() {
  await userEvent.click(
    await screen.findByRole('button', { name: 'Add integration' }),
  );
  return screen.findByRole('dialog');
}

async function openEditForm(name: string) {
  await userEvent.click(
    await screen.findByRole('button', { name: `Edit ${name}` }),
  );
  return screen.findByRole('dialog');
}

const field = (dialog: HTMLElement, label: string) =>
  within(dialog).getByLabelText(label);

async function type(dialog: HTMLElement, label: string, text: string) {
  // Pasted, not typed key by key: 43-character keys typed one key at a
  // time make these tests slow enough to time out on a busy machine.
  await userEvent.click(field(dialog, label));
  await userEvent.paste(text);
}

async function save(dialog: HTMLElement) {
  await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
}

/**
 * The saved step, reached once the API stored the integration; a save also
 * reloads the list, which is let finish here.
 */
async function findSaved(
  api: ReturnType<typeof createMockWeComApi>,
  dialog: HTMLElement,
  name: string,
) {
  const saved = await within(dialog).findByText(`${name} is saved`);
  await waitFor(() => expect(api.listIntegrations).toHaveBeenCalledTimes(2));
  await act(() => Promise.resolve());
  return saved;
}

describe('IntegrationForm', () => {
  it('creates a custom app with its secrets and War Room', async () => {
    const api = renderPage([]);
    api.createIntegration.mockResolvedValue(initechView);
    const dialog = await openAddForm();

    await type(dialog, 'Integration ID', 'initech');
    await type(dialog, 'Name', 'Initech');
    await type(dialog, 'Corp ID', 'ww1111222233334444');
    await type(dialog, 'AgentId', '1000005');
    await type(dialog, 'Secret', 'the-app-secret');
    await type(dialog, 'Callback Token', 'tok3n');
    await type(dialog, 'Callback EncodingAESKey', 'a'.repeat(43));
    await userEvent.click(field(dialog, 'Enable War Room'));
    await save(dialog);

    await waitFor(() => expect(api.createIntegration).toHaveBeenCalledTimes(1));
    expect(api.createIntegration).toHaveBeenCalledWith({
      id: 'initech',
      name: 'Initech',
      mode: 'customApp',
      corpId: 'ww1111222233334444',
      agentId: 1000005,
      secret: 'the-app-secret',
      apiBaseUrl: 'https://qyapi.weixin.qq.com',
      callback: { token: 'tok3n', encodingAESKey: 'a'.repeat(43) },
      warRoom: { enabled: true },
    });
    await findSaved(api, dialog, 'Initech');
  });

  it('creates a third-party app from the Corp ID and the chosen suite alone', async () => {
    const api = renderPage([]);
    api.listSuites.mockResolvedValue([
      { suiteId: 'wwsuite7', name: 'Incident Alerts' },
      { suiteId: 'wwsuite8' },
    ]);
    api.createIntegration.mockResolvedValue({
      ...initechView,
      mode: 'thirdPartyApp',
    });
    const dialog = await openAddForm();

    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Third-party app' }),
    );
    // The suite brings its endpoint, secret and keys; the corp's
    // authorization brings the agent id.
    for (const label of [
      'AgentId',
      'Secret',
      'Endpoint',
      'Callback Token',
      'Callback EncodingAESKey',
    ]) {
      expect(within(dialog).queryByLabelText(label)).not.toBeInTheDocument();
    }
    expect(
      within(dialog).queryByRole('switch', { name: 'Private deployment' }),
    ).not.toBeInTheDocument();
    expect(
      within(dialog).getByText(
        /uses its suite's endpoint, secret and callback/,
      ),
    ).toBeInTheDocument();
    expect(field(dialog, 'Enable War Room')).toBeDisabled();

    await type(dialog, 'Integration ID', 'initech');
    await type(dialog, 'Name', 'Initech');
    await type(dialog, 'Corp ID', 'ww1111222233334444');
    await save(dialog);
    expect(
      await within(dialog).findByText('Choose the suite the corp installs.'),
    ).toBeInTheDocument();
    expect(api.createIntegration).not.toHaveBeenCalled();

    await userEvent.click(
      within(dialog).getByRole('button', { name: /Suite/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /Incident Alerts/ }),
    );
    await save(dialog);

    await waitFor(() =>
      expect(api.createIntegration).toHaveBeenCalledWith({
        id: 'initech',
        name: 'Initech',
        mode: 'thirdPartyApp',
        corpId: 'ww1111222233334444',
        suiteId: 'wwsuite7',
        warRoom: { enabled: false },
      }),
    );
    await findSaved(api, dialog, 'Initech');
  });

  it('names the only configured suite and sends it', async () => {
    const api = renderPage([]);
    api.listSuites.mockResolvedValue([{ suiteId: 'wwsuite7' }]);
    api.createIntegration.mockResolvedValue({
      ...initechView,
      mode: 'thirdPartyApp',
    });
    const dialog = await openAddForm();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Third-party app' }),
    );
    expect(
      await within(dialog).findByText(/the only one configured in Backstage/),
    ).toHaveTextContent('Suite: wwsuite7');
    expect(within(dialog).queryByLabelText('Suite ID')).not.toBeInTheDocument();
    await type(dialog, 'Integration ID', 'initech');
    await type(dialog, 'Name', 'Initech');
    await type(dialog, 'Corp ID', 'ww1111222233334444');
    await save(dialog);

    await waitFor(() =>
      expect(api.createIntegration).toHaveBeenCalledWith({
        id: 'initech',
        name: 'Initech',
        mode: 'thirdPartyApp',
        corpId: 'ww1111222233334444',
        suiteId: 'wwsuite7',
        warRoom: { enabled: false },
      }),
    );
    await findSaved(api, dialog, 'Initech');
  });

  it('says when no suite is configured, and keeps a typed Suite ID when the backend cannot list them', async () => {
    const api = renderPage([]);
    const dialog = await openAddForm();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Third-party app' }),
    );
    expect(
      await within(dialog).findByText(/No third-party suite is configured/),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );

    api.listSuites.mockRejectedValue(new Error('404 Not Found'));
    api.createIntegration.mockResolvedValue({
      ...initechView,
      mode: 'thirdPartyApp',
    });
    const again = await openAddForm();
    await userEvent.click(
      within(again).getByRole('radio', { name: 'Third-party app' }),
    );
    await type(again, 'Integration ID', 'initech');
    await type(again, 'Name', 'Initech');
    await type(again, 'Corp ID', 'ww1111222233334444');
    await type(again, 'Suite ID', 'wwsuite7');
    await save(again);
    await waitFor(() =>
      expect(api.createIntegration).toHaveBeenCalledWith({
        id: 'initech',
        name: 'Initech',
        mode: 'thirdPartyApp',
        corpId: 'ww1111222233334444',
        suiteId: 'wwsuite7',
        warRoom: { enabled: false },
      }),
    );
  });

  it('keeps the custom-app fields working after a look at third-party mode', async () => {
    const api = renderPage([]);
    api.listSuites.mockResolvedValue([{ suiteId: 'wwsuite7' }]);
    api.createIntegration.mockResolvedValue(initechView);
    const dialog = await openAddForm();

    await type(dialog, 'Integration ID', 'initech');
    await type(dialog, 'Name', 'Initech');
    await type(dialog, 'Corp ID', 'ww1111222233334444');
    await type(dialog, 'AgentId', '1000005');
    await type(dialog, 'Secret', 'the-app-secret');
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Third-party app' }),
    );
    expect(within(dialog).queryByLabelText('Secret')).not.toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Custom app' }),
    );
    expect(field(dialog, 'AgentId')).toHaveValue('1000005');
    await type(dialog, 'Callback Token', 'tok3n');
    await type(dialog, 'Callback EncodingAESKey', 'a'.repeat(43));
    await save(dialog);

    await waitFor(() =>
      expect(api.createIntegration).toHaveBeenCalledWith({
        id: 'initech',
        name: 'Initech',
        mode: 'customApp',
        corpId: 'ww1111222233334444',
        agentId: 1000005,
        secret: 'the-app-secret',
        apiBaseUrl: 'https://qyapi.weixin.qq.com',
        callback: { token: 'tok3n', encodingAESKey: 'a'.repeat(43) },
        warRoom: { enabled: false },
      }),
    );
    await findSaved(api, dialog, 'Initech');
  });

  it('edits a third-party app without its Secret, Endpoint or callback keys', async () => {
    const api = renderPage([acmeIntegration, globexIntegration]);
    api.listSuites.mockResolvedValue([
      { suiteId: 'wwsuite42' },
      { suiteId: 'wwsuite43' },
    ]);
    api.updateIntegration.mockResolvedValue(globexIntegration);
    const dialog = await openEditForm('Globex');
    await within(dialog).findByRole('button', { name: /Suite/ });
    expect(within(dialog).queryByLabelText('Secret')).not.toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Endpoint')).not.toBeInTheDocument();
    await save(dialog);

    await waitFor(() =>
      expect(api.updateIntegration).toHaveBeenCalledWith('globex', {
        name: 'Globex',
        mode: 'thirdPartyApp',
        corpId: 'wwfedcba9876543210',
        suiteId: 'wwsuite42',
        warRoom: { enabled: false },
      }),
    );
    await findSaved(api, dialog, 'Globex');
  });

  it('explains each invalid field and sends nothing', async () => {
    const api = renderPage([acmeIntegration]);
    const dialog = await openAddForm();

    await type(dialog, 'Integration ID', 'ACME corp');
    await type(dialog, 'Corp ID', 'ww-123');
    await type(dialog, 'AgentId', '0');
    await type(dialog, 'Callback Token', 'tok3n');
    await type(dialog, 'Callback EncodingAESKey', 'too+short/');
    await userEvent.click(field(dialog, 'Private deployment'));
    await type(dialog, 'Endpoint', 'wecom.internal');
    await save(dialog);

    const messages = [
      'Id must start with a lower-case letter or digit and use only a-z, 0-9, - and _ (at most 63 characters); it becomes part of the callback URL.',
      'Name is required.',
      'Corp ID must be letters and digits (at most 64), as shown under My Company → Company Information (e.g. ww0123456789abcdef).',
      'AgentId must be a positive whole number, e.g. 1000002.',
      "Secret is required for a custom app: copy it from the app's page in App Management.",
      'EncodingAESKey must be exactly 43 letters or digits. It has 10: use Generate to make one.',
      'Endpoint must start with http:// or https:// and name a host, e.g. https://wecom.example.com.',
    ];
    for (const message of messages) {
      expect(within(dialog).getByText(message)).toBeInTheDocument();
    }
    expect(field(dialog, 'Corp ID')).toHaveAttribute('aria-invalid', 'true');
    expect(field(dialog, 'Integration ID')).toHaveFocus();
    expect(api.createIntegration).not.toHaveBeenCalled();

    // A fixed field loses its message at once.
    await userEvent.clear(field(dialog, 'Corp ID'));
    await type(dialog, 'Corp ID', 'ww0123');
    expect(
      within(dialog).queryByText(/Corp ID must be letters and digits/),
    ).not.toBeInTheDocument();
  });

  it('refuses an ID that is already taken', async () => {
    const api = renderPage([acmeIntegration]);
    const dialog = await openAddForm();

    await type(dialog, 'Integration ID', 'acme');
    await save(dialog);

    expect(
      within(dialog).getByText(
        'An integration with the ID acme already exists.',
      ),
    ).toBeInTheDocument();
    expect(api.createIntegration).not.toHaveBeenCalled();
  });

  it('generates a 43-character EncodingAESKey and a 32-character Token', async () => {
    renderPage([]);
    const dialog = await openAddForm();

    await userEvent.click(
      within(dialog).getByRole('button', {
        name: 'Generate Callback EncodingAESKey',
      }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Generate Bot Token' }),
    );

    const key = (field(dialog, 'Callback EncodingAESKey') as HTMLInputElement)
      .value;
    expect(key).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(Buffer.from(`${key}=`, 'base64')).toHaveLength(32);
    expect((field(dialog, 'Bot Token') as HTMLInputElement).value).toMatch(
      /^[A-Za-z0-9]{32}$/,
    );
    expect(
      within(dialog).getByRole('button', {
        name: 'Copy Callback EncodingAESKey',
      }),
    ).toBeInTheDocument();
  });

  it('edits without prefilling secrets, keeps untouched ones and clears on request', async () => {
    const globexCustom: WeComIntegrationView = {
      ...globexIntegration,
      mode: 'customApp',
      agentId: 1000009,
      secret: 'set',
      suiteId: undefined,
    };
    const api = renderPage([acmeIntegration, globexCustom]);
    api.updateIntegration.mockResolvedValue(globexCustom);
    const dialog = await openEditForm('Globex');

    expect(
      within(dialog).queryByLabelText('Integration ID'),
    ).not.toBeInTheDocument();
    expect(field(dialog, 'Name')).toHaveValue('Globex');
    expect(field(dialog, 'Endpoint')).toHaveValue(
      'https://wecom.globex.internal',
    );
    for (const label of [
      'Secret',
      'Callback Token',
      'Callback EncodingAESKey',
      'Bot Token',
    ]) {
      expect(field(dialog, label)).toHaveValue('');
    }
    expect(field(dialog, 'Callback Token')).toHaveAccessibleDescription(
      /^Set — leave empty to keep\./,
    );
    expect(field(dialog, 'Secret')).toHaveAccessibleDescription(
      /^Set — leave empty to keep\./,
    );

    // Globex has only a Callback Token: clearing it leaves a complete
    // (empty) pair; the bot keys get a new pair.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Clear Callback Token' }),
    );
    expect(field(dialog, 'Callback Token')).toHaveAccessibleDescription(
      'Will be cleared when you save.',
    );
    await type(dialog, 'Bot Token', 'b0t');
    await type(dialog, 'Bot EncodingAESKey', 'B'.repeat(43));
    await userEvent.clear(field(dialog, 'Name'));
    await type(dialog, 'Name', 'Globex EU');
    await save(dialog);

    await waitFor(() =>
      expect(api.updateIntegration).toHaveBeenCalledWith('globex', {
        name: 'Globex EU',
        mode: 'customApp',
        corpId: 'wwfedcba9876543210',
        agentId: 1000009,
        apiBaseUrl: 'https://wecom.globex.internal',
        callback: { token: '' },
        bot: { mode: 'callback', token: 'b0t', encodingAESKey: 'B'.repeat(43) },
        warRoom: { enabled: false },
      }),
    );
    await findSaved(api, dialog, 'Globex');
  });

  it('sends no secret at all when none was touched', async () => {
    const stored: WeComIntegrationView = {
      ...initechView,
      warRoom: { enabled: false },
    };
    const api = renderPage([stored]);
    api.updateIntegration.mockResolvedValue(stored);
    const dialog = await openEditForm('Initech');

    await save(dialog);

    await waitFor(() =>
      expect(api.updateIntegration).toHaveBeenCalledWith('initech', {
        name: 'Initech',
        mode: 'customApp',
        corpId: 'ww1111222233334444',
        agentId: 1000005,
        apiBaseUrl: 'https://qyapi.weixin.qq.com',
        warRoom: { enabled: false },
      }),
    );
    await findSaved(api, dialog, 'Initech');
  });

  it('creates an integration whose smart bot uses the long connection', async () => {
    const api = renderPage([]);
    api.createIntegration.mockResolvedValue(initechLongConnectionView);
    const dialog = await openAddForm();

    await type(dialog, 'Integration ID', 'initech');
    await type(dialog, 'Name', 'Initech');
    await type(dialog, 'Corp ID', 'ww1111222233334444');
    await type(dialog, 'AgentId', '1000005');
    await type(dialog, 'Secret', 'the-app-secret');
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Long connection' }),
    );
    // The callback's keys make no sense for a long connection.
    expect(
      within(dialog).queryByLabelText('Bot Token'),
    ).not.toBeInTheDocument();
    await type(dialog, 'Bot ID', 'aibinitech01');
    await type(dialog, 'Bot Secret', 'the-bot-secret');
    await type(
      dialog,
      'Long-connection address',
      'wss://openws.initech.internal',
    );
    await save(dialog);

    await waitFor(() => expect(api.createIntegration).toHaveBeenCalledTimes(1));
    expect(api.createIntegration).toHaveBeenCalledWith({
      id: 'initech',
      name: 'Initech',
      mode: 'customApp',
      corpId: 'ww1111222233334444',
      agentId: 1000005,
      secret: 'the-app-secret',
      apiBaseUrl: 'https://qyapi.weixin.qq.com',
      bot: {
        mode: 'longConnection',
        botId: 'aibinitech01',
        secret: 'the-bot-secret',
        wsUrl: 'wss://openws.initech.internal',
      },
      warRoom: { enabled: false },
    });
    // The bot's Secret comes from WeCom: it is not shown back.
    await findSaved(api, dialog, 'Initech');
    expect(
      within(dialog).queryByText('the-bot-secret'),
    ).not.toBeInTheDocument();
  });

  it('asks for the Bot ID, the Bot Secret and a WebSocket address on the long connection', async () => {
    const api = renderPage([initechView]);
    const dialog = await openEditForm('Initech');

    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Long connection' }),
    );
    await type(dialog, 'Long-connection address', 'https://openws.example.com');
    await save(dialog);

    for (const message of [
      "Bot ID is required for the long connection: find it in the bot's API settings in WeCom.",
      "Bot Secret is required for the long connection: copy it from the bot's API settings in WeCom.",
      'Long-connection address must start with ws:// or wss:// and name a host, e.g. wss://openws.example.com.',
    ]) {
      expect(within(dialog).getByText(message)).toBeInTheDocument();
    }
    expect(api.updateIntegration).not.toHaveBeenCalled();
  });

  it('keeps the stored Bot Secret of a long connection, asks for it again with a new Bot ID, and can go back to the callback', async () => {
    const api = renderPage([initechLongConnectionView]);
    api.updateIntegration.mockResolvedValue(initechLongConnectionView);
    let dialog = await openEditForm('Initech');

    expect(
      within(dialog).getByRole('radio', { name: 'Long connection' }),
    ).toBeChecked();
    expect(field(dialog, 'Bot ID')).toHaveValue('aibinitech01');
    expect(field(dialog, 'Bot Secret')).toHaveAccessibleDescription(
      /^Set — leave empty to keep\./,
    );
    await userEvent.clear(field(dialog, 'Bot ID'));
    await type(dialog, 'Bot ID', 'aibinitech02');
    await save(dialog);
    // The Secret goes to whoever the Bot ID names: it is asked for again.
    expect(
      await within(dialog).findByText(
        'You changed the Bot ID: enter the Bot Secret again. Backstage never sends a stored secret to a new address.',
      ),
    ).toBeInTheDocument();
    expect(api.updateIntegration).not.toHaveBeenCalled();
    await type(dialog, 'Bot Secret', 'bot-secret-2');
    await save(dialog);

    await waitFor(() =>
      expect(api.updateIntegration).toHaveBeenCalledWith(
        'initech',
        expect.objectContaining({
          bot: {
            mode: 'longConnection',
            botId: 'aibinitech02',
            secret: 'bot-secret-2',
          },
        }),
      ),
    );
    await findSaved(api, dialog, 'Initech');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    // Back to the callback, without keys: the bot is switched off.
    dialog = await openEditForm('Initech');
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Callback URL' }),
    );
    await save(dialog);
    await waitFor(() =>
      expect(api.updateIntegration).toHaveBeenLastCalledWith(
        'initech',
        expect.objectContaining({ bot: { mode: 'callback' } }),
      ),
    );
    await within(dialog).findByText('Initech is saved');
    await waitFor(() => expect(api.listIntegrations).toHaveBeenCalledTimes(3));
    await act(() => Promise.resolve());
  });

  it('asks for both keys of a pair', async () => {
    const api = renderPage([initechView]);
    const dialog = await openEditForm('Initech');

    await userEvent.click(
      within(dialog).getByRole('button', {
        name: 'Clear Callback EncodingAESKey',
      }),
    );
    await save(dialog);

    expect(
      within(dialog).getByText(
        'Callback Token and Callback EncodingAESKey work as a pair: set both or clear both.',
      ),
    ).toBeInTheDocument();
    expect(api.updateIntegration).not.toHaveBeenCalled();
  });

  it('keeps War Room off when another integration has it', async () => {
    renderPage([acmeIntegration]);
    const dialog = await openAddForm();

    const warRoom = field(dialog, 'Enable War Room');
    expect(warRoom).toBeDisabled();
    expect(warRoom).toHaveAccessibleDescription(
      'War Room is enabled on ACME corp; only one integration can create War Rooms.',
    );
  });

  it('keeps War Room off for a third-party app', async () => {
    renderPage([]);
    const dialog = await openAddForm();

    expect(field(dialog, 'Enable War Room')).toBeEnabled();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Third-party app' }),
    );
    expect(field(dialog, 'Enable War Room')).toBeDisabled();
    expect(field(dialog, 'Enable War Room')).toHaveAccessibleDescription(
      /War Rooms need a custom app/,
    );
  });

  it('lets the integration that has War Room keep it', async () => {
    const api = renderPage([initechView]);
    api.updateIntegration.mockResolvedValue(initechView);
    const dialog = await openEditForm('Initech');

    expect(field(dialog, 'Enable War Room')).toBeEnabled();
    expect(field(dialog, 'Enable War Room')).toBeChecked();
    await save(dialog);

    await waitFor(() =>
      expect(api.updateIntegration).toHaveBeenCalledWith(
        'initech',
        expect.objectContaining({ warRoom: { enabled: true } }),
      ),
    );
    await findSaved(api, dialog, 'Initech');
  });

  it('asks for the Secret again when the Endpoint changes, and shows the Corp ID as fixed', async () => {
    const api = renderPage([initechView]);
    api.updateIntegration.mockResolvedValue(initechView);
    const dialog = await openEditForm('Initech');

    expect(within(dialog).queryByLabelText('Corp ID')).not.toBeInTheDocument();
    expect(
      within(dialog).getByText(/its members are the linked users/),
    ).toHaveTextContent('Corp ID: ww1111222233334444');
    await userEvent.click(
      within(dialog).getByRole('switch', { name: 'Private deployment' }),
    );
    await type(dialog, 'Endpoint', 'https://wecom.initech.internal');
    await save(dialog);

    expect(
      await within(dialog).findByText(
        'You changed the Endpoint: enter the Secret again. Backstage never sends a stored secret to a new address.',
      ),
    ).toBeInTheDocument();
    expect(field(dialog, 'Secret')).toHaveAttribute('aria-invalid', 'true');
    expect(api.updateIntegration).not.toHaveBeenCalled();

    await type(dialog, 'Secret', 'the-new-secret');
    await save(dialog);
    await waitFor(() =>
      expect(api.updateIntegration).toHaveBeenCalledWith(
        'initech',
        expect.objectContaining({
          corpId: 'ww1111222233334444',
          apiBaseUrl: 'https://wecom.initech.internal',
          secret: 'the-new-secret',
        }),
      ),
    );
    await findSaved(api, dialog, 'Initech');
  });

  it("shows the server's reason when it refuses the integration", async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message:
              'Invalid integration: agentId is required for a custom app',
          },
          response: { statusCode: 400 },
        }),
        {
          status: 400,
          statusText: 'Bad Request',
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
    const api = renderPage([]);
    api.createIntegration.mockRejectedValue(refusal);
    const dialog = await openAddForm();
    await type(dialog, 'Integration ID', 'initech');
    await type(dialog, 'Name', 'Initech');
    await type(dialog, 'Corp ID', 'ww1111222233334444');
    await type(dialog, 'AgentId', '1000005');
    await type(dialog, 'Secret', 's');
    await save(dialog);

    expect(
      await within(dialog).findByText(
        'Invalid integration: agentId is required for a custom app (400 Bad Request)',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('The integration was not saved'),
    ).toBeInTheDocument();
    // The form stays, so the admin can fix it.
    expect(field(dialog, 'Name')).toHaveValue('Initech');
  });

  it('after saving shows the URLs to paste, the keys entered and the connection test', async () => {
    const api = renderPage([]);
    api.createIntegration.mockResolvedValue(initechView);
    api.testIntegration.mockResolvedValue({
      ...failingReport,
      integrationId: 'initech',
    });
    const dialog = await openAddForm();
    await type(dialog, 'Integration ID', 'initech');
    await type(dialog, 'Name', 'Initech');
    await type(dialog, 'Corp ID', 'ww1111222233334444');
    await type(dialog, 'AgentId', '1000005');
    await type(dialog, 'Secret', 's');
    await type(dialog, 'Callback Token', 'tok3n');
    await type(dialog, 'Callback EncodingAESKey', 'a'.repeat(43));
    await save(dialog);

    expect(await findSaved(api, dialog, 'Initech')).toBeInTheDocument();
    for (const [label, value] of [
      ['Callback URL', newUrls.callbackUrl],
      ['Bot callback URL', newUrls.botCallbackUrl],
      ['App Homepage URL', newUrls.homepageUrl],
      ['Trusted domain', newUrls.trustedDomain],
    ]) {
      expect(within(dialog).getByText(value)).toBeInTheDocument();
      expect(
        within(dialog).getByRole('button', { name: `Copy ${label}` }),
      ).toBeInTheDocument();
    }
    const keys = within(dialog).getByRole('region', {
      name: 'Keys you entered',
    });
    expect(within(keys).getByText('tok3n')).toBeInTheDocument();
    expect(
      within(keys).getByRole('button', { name: 'Copy Callback Token' }),
    ).toBeInTheDocument();
    // The Secret came from WeCom; it is not repeated.
    expect(within(dialog).queryByText('s')).not.toBeInTheDocument();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Test connection' }),
    );

    expect(api.testIntegration).toHaveBeenCalledWith('initech');
    expect(
      await within(dialog).findByText('1 of 3 checks failed'),
    ).toBeInTheDocument();
    const failed = within(dialog).getByRole('listitem', { name: 'Basic API' });
    expect(
      within(failed).getByText(
        "How to fix: Add the backend's egress IP to the app's trusted IPs.",
      ),
    ).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });
});
