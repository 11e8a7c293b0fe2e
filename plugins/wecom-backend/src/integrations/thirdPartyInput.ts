import { InputError } from '@backstage/errors';
import {
  WeComIntegrationInput,
  WeComSuiteSummary,
} from 'backstage-plugin-wecom-common';
import { findSuite } from './secretDestinations';
import { WeComSuiteConfig } from './types';

/**
 * A third-party app is installed by the corp from its suite: the corp's
 * permanent code, agent id and scope arrive through the suite's
 * instruction callback (create_auth, page 90642), and the suite's secret,
 * keys and endpoint are the admin's, in `wecom.suites`. So the setup form
 * asks only for the Corp ID and, with several suites, which one; an app
 * Secret, AgentId or app callback keys would be stored and never used, and
 * are refused with the reason instead.
 *
 * Returns the input with the suite's endpoint filled in when none is given.
 */
export function resolveThirdPartyInput(
  input: WeComIntegrationInput,
  suites: WeComSuiteConfig[],
): WeComIntegrationInput {
  if (input.mode !== 'thirdPartyApp') return input;
  const problems: string[] = [];
  if (input.secret) {
    problems.push(
      "secret: a third-party app uses its suite's secret (wecom.suites); leave the Secret out",
    );
  }
  if (input.agentId !== undefined) {
    problems.push(
      "agentId: a third-party app's agent id comes from the corp's authorization of the suite; leave it out",
    );
  }
  if (input.callback?.token || input.callback?.encodingAESKey) {
    problems.push(
      "callback: a third-party app's callbacks use its suite's Token and EncodingAESKey (wecom.suites); leave the app callback keys out",
    );
  }
  const suite = findSuite({ suiteId: input.suiteId || undefined }, suites);
  if (!suite) problems.push(missingSuite(input.suiteId, suites));
  if (problems.length || !suite) {
    throw new InputError(`Invalid integration: ${problems.join('; ')}`);
  }
  return {
    ...input,
    // The suite's endpoint receives the suite's secrets; any other is
    // refused later (destinationProblems), so this is only a default.
    apiBaseUrl: input.apiBaseUrl ?? suite.apiBaseUrl,
  };
}

function missingSuite(
  suiteId: string | undefined,
  suites: WeComSuiteConfig[],
): string {
  const configured = suites.map(s => s.suiteId).join(', ');
  if (suites.length === 0) {
    return 'suiteId: no third-party suite is configured (wecom.suites in app-config); ask your Backstage admin to add it first';
  }
  if (suiteId) {
    return `suiteId: no suite "${suiteId}" is configured under wecom.suites (configured: ${configured})`;
  }
  return `suiteId: several suites are configured (${configured}); name the one that serves this corp`;
}

/** The suites as the setup form may see them: ids and names, no secrets. */
export function suiteSummaries(
  suites: WeComSuiteConfig[],
): WeComSuiteSummary[] {
  return suites.map(({ suiteId, name }) => ({
    suiteId,
    ...(name && { name }),
  }));
}
