import { acmeIntegration, globexIntegration } from '../../../testing/fixtures';
import { emptyFormValues, IntegrationFormValues } from './formValues';
import { validateIntegrationForm } from './validateForm';

function validCustomApp(): IntegrationFormValues {
  const values = emptyFormValues();
  return {
    ...values,
    id: 'initech',
    name: 'Initech',
    corpId: 'ww1111222233334444',
    agentId: '1000005',
    secrets: { ...values.secrets, secret: { value: 's3cret', clear: false } },
  };
}

const create = { integrations: [acmeIntegration] };

describe('validateIntegrationForm', () => {
  it('accepts a complete custom app', () => {
    expect(validateIntegrationForm(validCustomApp(), create)).toEqual({});
  });

  it.each(['1.5', '-3', 'abc', '0', '99999999999999999999'])(
    'refuses the AgentId %s',
    agentId => {
      expect(
        validateIntegrationForm({ ...validCustomApp(), agentId }, create)
          .agentId,
      ).toBe('AgentId must be a positive whole number, e.g. 1000002.');
    },
  );

  it('follows the backend on IDs: lower-case only, at most 63 characters', () => {
    const idError = (id: string) =>
      validateIntegrationForm({ ...validCustomApp(), id }, create).id;
    expect(idError('acme-eu_2')).toBeUndefined();
    expect(idError('Acme')).toMatch(/^Id must start with a lower-case letter/);
    expect(idError('-acme')).toMatch(/^Id must start with a lower-case letter/);
    expect(idError('a'.repeat(63))).toBeUndefined();
    expect(idError('a'.repeat(64))).toMatch(
      /^Id must start with a lower-case letter/,
    );
  });

  it('asks for the Endpoint only on a private deployment, in the form the backend accepts', () => {
    const endpointError = (privateDeployment: boolean, apiBaseUrl: string) =>
      validateIntegrationForm(
        { ...validCustomApp(), privateDeployment, apiBaseUrl },
        create,
      ).apiBaseUrl;
    expect(endpointError(false, '')).toBeUndefined();
    expect(endpointError(true, '')).toMatch(/^Enter the API address/);
    expect(endpointError(true, 'ftp://wecom.internal')).toMatch(
      /^Endpoint must start with http:\/\/ or https:\/\//,
    );
    expect(endpointError(true, 'http://10.0.0.5:8080')).toBeUndefined();
  });

  it('does not need the AgentId or Secret of a third-party app', () => {
    const values: IntegrationFormValues = {
      ...emptyFormValues(),
      id: 'initech',
      name: 'Initech',
      corpId: 'ww1111222233334444',
      mode: 'thirdPartyApp',
    };
    expect(validateIntegrationForm(values, create)).toEqual({});
  });

  it('checks nothing of a third-party app that its suite brings', () => {
    // Globex has a half callback pair and no Secret, from its custom-app
    // days: none of it is used, sent or checked in third-party mode.
    const values: IntegrationFormValues = {
      ...emptyFormValues(),
      name: 'Globex',
      corpId: 'wwfedcba9876543210',
      mode: 'thirdPartyApp',
      suiteId: 'wwsuite42',
      privateDeployment: true,
      apiBaseUrl: 'not a url',
    };
    expect(
      validateIntegrationForm(values, {
        editing: globexIntegration,
        integrations: [],
      }),
    ).toEqual({});
  });

  it("asks for one of the backend's suites in third-party mode", () => {
    const values: IntegrationFormValues = {
      ...emptyFormValues(),
      id: 'initech',
      name: 'Initech',
      corpId: 'ww1111222233334444',
      mode: 'thirdPartyApp',
    };
    const suiteError = (suiteId: string, suiteIds: string[]) =>
      validateIntegrationForm(
        { ...values, suiteId },
        { ...create, suites: suiteIds.map(id => ({ suiteId: id })) },
      ).suiteId;
    expect(suiteError('', [])).toMatch(/^No third-party suite is configured/);
    expect(suiteError('', ['wwsuite1'])).toBeUndefined();
    expect(suiteError('', ['wwsuite1', 'wwsuite2'])).toBe(
      'Choose the suite the corp installs.',
    );
    expect(suiteError('wwsuite2', ['wwsuite1', 'wwsuite2'])).toBeUndefined();
    expect(suiteError('wwgone', ['wwsuite1', 'wwsuite2'])).toMatch(
      /not configured in Backstage any more/,
    );
  });

  it('keeps a stored Secret when editing without typing one', () => {
    const values: IntegrationFormValues = {
      ...validCustomApp(),
      id: 'acme',
      secrets: emptyFormValues().secrets,
    };
    const editing = { editing: acmeIntegration, integrations: [] };
    expect(validateIntegrationForm(values, editing)).toEqual({});
    expect(
      validateIntegrationForm(
        {
          ...values,
          secrets: { ...values.secrets, secret: { value: '', clear: true } },
        },
        editing,
      ).secret,
    ).toMatch(/^Secret is required for a custom app/);
  });

  it('asks for the Secret again when the Endpoint changes, and for the Bot Secret when the Bot ID or address changes', () => {
    const stored = {
      ...acmeIntegration,
      source: 'database' as const,
      bot: {
        mode: 'longConnection' as const,
        token: 'unset' as const,
        encodingAESKey: 'unset' as const,
        botId: 'aibacme01',
        secret: 'set' as const,
      },
    };
    const editing = { editing: stored, integrations: [] };
    const values: IntegrationFormValues = {
      ...validCustomApp(),
      id: 'acme',
      corpId: stored.corpId,
      botMode: 'longConnection',
      botId: 'aibacme01',
      secrets: emptyFormValues().secrets,
    };
    expect(validateIntegrationForm(values, editing)).toEqual({});

    const moved = {
      ...values,
      privateDeployment: true,
      apiBaseUrl: 'https://wecom.acme.internal',
    };
    expect(validateIntegrationForm(moved, editing).secret).toBe(
      'You changed the Endpoint: enter the Secret again. Backstage never sends a stored secret to a new address.',
    );
    expect(
      validateIntegrationForm(
        {
          ...moved,
          secrets: { ...moved.secrets, secret: { value: 'new', clear: false } },
        },
        editing,
      ),
    ).toEqual({});

    expect(
      validateIntegrationForm(
        {
          ...values,
          botId: 'aibother',
          botWsUrl: 'wss://openws.acme.internal',
        },
        editing,
      ).botSecret,
    ).toBe(
      'You changed the Bot ID and the long-connection address: enter the Bot Secret again. Backstage never sends a stored secret to a new address.',
    );
  });

  it('asks for the missing half of a callback pair, counting stored keys', () => {
    // Globex has a stored Callback Token but no EncodingAESKey.
    const values: IntegrationFormValues = {
      ...emptyFormValues(),
      name: 'Globex',
      corpId: 'wwfedcba9876543210',
      agentId: '1000009',
      privateDeployment: true,
      apiBaseUrl: globexIntegration.apiBaseUrl,
    };
    const errors = validateIntegrationForm(values, {
      editing: { ...globexIntegration, mode: 'customApp', secret: 'set' },
      integrations: [],
    });
    expect(errors.callbackEncodingAESKey).toBe(
      'Callback Token and Callback EncodingAESKey work as a pair: set both or clear both.',
    );
    expect(errors.callbackToken).toBeUndefined();
  });

  it('checks the long connection’s Bot ID and address, and not the callback’s keys', () => {
    const base = validCustomApp();
    const longConnection = (change: Partial<IntegrationFormValues>) =>
      validateIntegrationForm(
        {
          ...base,
          botMode: 'longConnection',
          botId: 'aib0123',
          ...change,
          secrets: {
            ...base.secrets,
            botSecret: { value: 'bot-secret', clear: false },
            // Typed before switching: not sent, so not checked.
            botToken: { value: 'half a pair!', clear: false },
          },
        },
        create,
      );
    expect(longConnection({})).toEqual({});
    expect(
      longConnection({ botWsUrl: 'wss://openws.acme.internal:443' }),
    ).toEqual({});
    expect(longConnection({ botId: 'aib 0123' }).botId).toMatch(
      /^Bot ID must be 1 to 128 letters, digits/,
    );
    expect(
      longConnection({ botWsUrl: 'openws.acme.internal' }).botWsUrl,
    ).toMatch(/^Long-connection address must start with ws:\/\/ or wss:\/\//);
  });
});
