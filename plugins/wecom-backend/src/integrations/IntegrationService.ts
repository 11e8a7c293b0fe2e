import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { WeComIntegrationInput } from 'backstage-plugin-wecom-common';
import { AllowedHosts } from './allowedHosts';
import { resolveBotSettings } from './botSettings';
import { assertComplete, toIntegration } from './config';
import { IntegrationStore } from './IntegrationStore';
import { destinationProblems, keptSecretProblems } from './secretDestinations';
import { resolveThirdPartyInput, suiteSummaries } from './thirdPartyInput';
import { WeComIntegration, WeComSuiteConfig } from './types';
import { INTEGRATION_ID_PATTERN, parseIntegrationInput } from './validation';

/**
 * The one place that knows every integration: those from app-config
 * (read-only) and those created through the setup form (stored, sealed).
 */
export class IntegrationService {
  private readonly listeners: Array<(id: string) => void> = [];

  constructor(
    private readonly configIntegrations: WeComIntegration[],
    private readonly store: IntegrationStore,
    private readonly canSeal: boolean,
    /** Where secrets may go; WeCom's public hosts and config's by default. */
    private readonly destinations: {
      allowedHosts: AllowedHosts;
      suites: WeComSuiteConfig[];
    } = {
      allowedHosts: AllowedHosts.of(undefined, {
        integrations: configIntegrations,
      }),
      suites: [],
    },
  ) {
    assertUniqueIds(configIntegrations);
    assertSingleWarRoom(configIntegrations, 'wecom.integrations');
  }

  async list(): Promise<WeComIntegration[]> {
    const stored = await this.store.list();
    const configIds = new Set(this.configIntegrations.map(i => i.id));
    // An id in app-config shadows a stored one; config is the source of truth.
    return [
      ...this.configIntegrations,
      ...stored.filter(i => !configIds.has(i.id)),
    ];
  }

  async get(id: string): Promise<WeComIntegration | undefined> {
    // Ids come from URLs (callbacks are public): one that no integration
    // can have is not looked up (PostgreSQL refuses NUL characters).
    if (!INTEGRATION_ID_PATTERN.test(id)) return undefined;
    return this.configIntegrations.find(i => i.id === id) ?? this.store.get(id);
  }

  async require(id: string): Promise<WeComIntegration> {
    const integration = await this.get(id);
    if (!integration) {
      throw new NotFoundError(`No WeCom integration with id "${id}"`);
    }
    return integration;
  }

  async create(body: unknown): Promise<WeComIntegration> {
    const input = this.parse(body);
    if (!input.id) {
      throw new InputError('Invalid integration: id is required');
    }
    this.assertCanStoreSecrets();
    if (await this.get(input.id)) {
      throw new ConflictError(
        `An integration with id "${input.id}" already exists`,
      );
    }
    const integration = toIntegration(input, 'database');
    await this.validateWhole(integration);
    const created = await this.store.create(integration);
    this.notify(created.id);
    return created;
  }

  async update(id: string, body: unknown): Promise<WeComIntegration> {
    const input = this.parse(body);
    if (input.id && input.id !== id) {
      throw new InputError(
        'The id of an integration cannot change: it is part of the callback URLs pasted into WeCom',
      );
    }
    const current = await this.require(id);
    this.assertEditable(current);
    this.assertCanStoreSecrets();
    if (input.corpId !== current.corpId) {
      throw new InputError(
        `Invalid integration: corpId: the Corp ID of an integration cannot change. Its linked users are members of ${current.corpId}; a member of another corp with the same user id would sign in as one of them. For another corp, add a new integration.`,
      );
    }
    const next = mergeSecrets(current, { ...input, id });
    const kept = keptSecretProblems(current, next, input);
    if (kept.length) {
      throw new InputError(`Invalid integration: ${kept.join('; ')}`);
    }
    await this.validateWhole(next);
    const updated = await this.store.update(next);
    this.notify(id);
    return updated;
  }

  async delete(id: string): Promise<void> {
    const current = await this.require(id);
    this.assertEditable(current);
    await this.store.delete(id);
    this.notify(id);
  }

  /** The suites of wecom.suites, for the setup form: no secrets. */
  suites() {
    return suiteSummaries(this.destinations.suites);
  }

  /** Called with the id of every integration that changes. */
  onChange(listener: (id: string) => void) {
    this.listeners.push(listener);
  }

  private notify(id: string) {
    for (const listener of this.listeners) listener(id);
  }

  /** A request body, checked, with a third-party app's suite endpoint. */
  private parse(body: unknown): WeComIntegrationInput {
    return resolveThirdPartyInput(
      parseIntegrationInput(body),
      this.destinations.suites,
    );
  }

  private async validateWhole(integration: WeComIntegration) {
    assertComplete(integration, 'integration');
    const problems = destinationProblems(integration, this.destinations);
    if (problems.length) {
      throw new InputError(`Invalid integration: ${problems.join('; ')}`);
    }
    if (integration.warRoom.enabled) {
      const other = (await this.list()).find(
        i => i.warRoom.enabled && i.id !== integration.id,
      );
      if (other) {
        throw new ConflictError(
          `War Room is already enabled on integration "${other.name}" (${other.id}); only one integration may create War Rooms. Turn it off there first.`,
        );
      }
    }
  }

  private assertEditable(integration: WeComIntegration) {
    if (integration.source === 'config') {
      throw new NotAllowedError(
        `Integration "${integration.id}" is defined in app-config.yaml; change it there`,
      );
    }
  }

  private assertCanStoreSecrets() {
    if (!this.canSeal) {
      throw new ServiceUnavailableError(
        'Integrations cannot be stored: set wecom.secretsKey (32 characters or more) in app-config so secrets can be sealed at rest',
      );
    }
  }
}

/**
 * Secrets are write-only: an omitted one keeps its stored value (unless
 * where it goes changed: `keptSecretProblems`), an empty string clears it.
 */
function mergeSecrets(
  current: WeComIntegration,
  input: WeComIntegrationInput,
): WeComIntegration {
  // The bot is resolved against the stored one (its transport may stay).
  const next = toIntegration({ ...input, bot: undefined }, current.source);
  const merged = {
    ...next,
    bot: resolveBotSettings(current.bot, input.bot, 'integration'),
    createdAt: current.createdAt,
  };
  // A third-party app uses its suite's secret and keys (the input has none,
  // `resolveThirdPartyInput`): what it kept from its custom-app days goes.
  if (input.mode !== 'customApp') return merged;
  return {
    ...merged,
    secret:
      input.secret === undefined ? current.secret : input.secret || undefined,
    callback: mergeKeys(current.callback, input.callback),
  };
}

function mergeKeys(
  current: WeComIntegration['callback'],
  given: WeComIntegrationInput['callback'],
): WeComIntegration['callback'] {
  if (given === undefined) return current;
  // Same rule as the Secret: omitted keeps, '' clears.
  const token = given.token ?? current?.token;
  const encodingAESKey = given.encodingAESKey ?? current?.encodingAESKey;
  return token && encodingAESKey ? { token, encodingAESKey } : undefined;
}

function assertUniqueIds(integrations: WeComIntegration[]) {
  const seen = new Set<string>();
  for (const { id } of integrations) {
    if (seen.has(id)) {
      throw new InputError(`wecom.integrations has the id "${id}" twice`);
    }
    seen.add(id);
  }
}

function assertSingleWarRoom(integrations: WeComIntegration[], where: string) {
  const enabled = integrations.filter(i => i.warRoom.enabled);
  if (enabled.length > 1) {
    throw new InputError(
      `${where}: War Room is enabled on ${enabled
        .map(i => i.id)
        .join(' and ')}; only one integration may create War Rooms`,
    );
  }
}
