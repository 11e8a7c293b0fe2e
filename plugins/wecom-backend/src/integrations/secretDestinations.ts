import { WeComIntegrationInput } from 'backstage-plugin-wecom-common';
import { AllowedHosts, WECOM_PUBLIC_WS_URL } from './allowedHosts';
import { WeComIntegration, WeComSuiteConfig, botLongConnection } from './types';
import { normaliseApiBaseUrl } from './validation';

/**
 * The suite that serves a third-party app: the one it names, or the only
 * one configured.
 */
export function findSuite(
  integration: Pick<WeComIntegration, 'suiteId'>,
  suites: WeComSuiteConfig[],
): WeComSuiteConfig | undefined {
  if (integration.suiteId) {
    return suites.find(s => s.suiteId === integration.suiteId);
  }
  return suites.length === 1 ? suites[0] : undefined;
}

/** Where the bot's Secret goes: its long-connection address. */
function wsUrlOf(integration: WeComIntegration): string | undefined {
  const connection = botLongConnection(integration);
  return connection && (connection.wsUrl ?? WECOM_PUBLIC_WS_URL);
}

/**
 * Why the bot's Secret may not go to its long-connection address (a host
 * outside the allow-list, or no URL at all); undefined when it may.
 */
export function wsUrlProblem(
  integration: WeComIntegration,
  allowedHosts: Pick<AllowedHosts, 'problem'>,
): string | undefined {
  const wsUrl = wsUrlOf(integration);
  if (!wsUrl) return undefined;
  try {
    return allowedHosts.problem(wsUrl, 'bot.wsUrl');
  } catch {
    return 'bot.wsUrl: it is not a URL';
  }
}

/**
 * Why the secrets of `integration` may not go where it says: a host
 * outside the allow-list, or a third-party app on another endpoint than
 * its suite's (the suite's secret, ticket and the corp's permanent code
 * are sent to the integration's endpoint).
 */
export function destinationProblems(
  integration: WeComIntegration,
  policy: { allowedHosts: AllowedHosts; suites: WeComSuiteConfig[] },
): string[] {
  const problems = [
    policy.allowedHosts.problem(integration.apiBaseUrl, 'apiBaseUrl'),
  ];
  problems.push(wsUrlProblem(integration, policy.allowedHosts));
  if (integration.mode === 'thirdPartyApp') {
    const suite = findSuite(integration, policy.suites);
    const endpoint = suite && normaliseApiBaseUrl(suite.apiBaseUrl);
    if (endpoint && endpoint !== integration.apiBaseUrl) {
      problems.push(
        `apiBaseUrl: a third-party app uses the endpoint of its suite ${suite.suiteId} (${endpoint}), which receives the suite's secrets`,
      );
    }
  }
  return problems.filter((p): p is string => Boolean(p));
}

/**
 * A stored secret is never sent to a new address: when an update changes
 * where a secret goes and keeps the stored one, it must be entered again
 * (whoever changes the address then knows the secret already).
 */
export function keptSecretProblems(
  current: WeComIntegration,
  next: WeComIntegration,
  input: WeComIntegrationInput,
): string[] {
  const problems: string[] = [];
  if (
    input.secret === undefined &&
    next.secret &&
    next.apiBaseUrl !== current.apiBaseUrl
  ) {
    problems.push(
      'you changed apiBaseUrl, so enter the Secret (secret) again (or clear it): a stored secret is never sent to a new address',
    );
  }
  const before = botLongConnection(current);
  const after = botLongConnection(next);
  if (before && after && input.bot?.secret === undefined) {
    const changed = [
      before.botId !== after.botId && 'bot.botId',
      wsUrlOf(current) !== wsUrlOf(next) && 'bot.wsUrl',
    ].filter(Boolean);
    if (changed.length) {
      problems.push(
        `you changed ${changed.join(
          ' and ',
        )}, so enter the bot's Secret (bot.secret) again: a stored secret is never sent to a new address`,
      );
    }
  }
  return problems;
}
