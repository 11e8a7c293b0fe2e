import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  WeComIncidentAnalyzer,
  WeComIncidentProvider,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComSuiteConfig } from '../integrations/types';
import { BuiltInIncidentAnalyzer } from './analyzers/BuiltInIncidentAnalyzer';
import { FallbackIncidentAnalyzer } from './analyzers/FallbackIncidentAnalyzer';
import { DatabaseConversationLog } from './conversations/DatabaseConversationLog';
import { createAnalyzer } from './createAnalyzer';
import { DefaultIncidentContextBuilder } from './DefaultIncidentContextBuilder';
import { secretValuesOf } from './redaction';

/** The AI SRE's analyzers and what they read. */
export interface AnalyzerServices {
  /** The primary analyzer with the built-in one answering when it fails. */
  analyzer: FallbackIncidentAnalyzer;
  /** A module's analyzer, else the configured one; without the fallback. */
  primaryAnalyzer: WeComIncidentAnalyzer;
  /** Needs no server: answers when the primary one fails. */
  builtIn: BuiltInIncidentAnalyzer;
  /** An incident with its catalog context, as the reader may see it. */
  incidentContexts: DefaultIncidentContextBuilder;
  /** What the bot saw in chats: follow-up questions and post-mortems read it. */
  conversations: DatabaseConversationLog;
}

/**
 * `wecom.aiSre`: the built-in analyzer or an OpenAI-compatible server; a
 * module's analyzer (`wecomAnalyzerExtensionPoint`) replaces it. When it
 * fails, the built-in one answers with a note.
 */
export function createAnalyzerServices(deps: {
  config: Config;
  logger: LoggerService;
  knex: Knex;
  catalog: CatalogService;
  auth: AuthService;
  integrations: IntegrationService;
  suites: WeComSuiteConfig[];
  incidentProvider: WeComIncidentProvider;
  /** Set by a module through `wecomAnalyzerExtensionPoint`. */
  moduleAnalyzer?: WeComIncidentAnalyzer;
  /** The Backstage app, for links to incident pages. */
  appBaseUrl: string;
}): AnalyzerServices {
  const { integrations, suites, appBaseUrl } = deps;
  const logger = deps.logger.child({ area: 'ai-sre' });
  const analyzers = createAnalyzer({
    config: deps.config,
    logger,
    appBaseUrl,
    knownSecrets: async () => [
      ...(await integrations.list()).flatMap(secretValuesOf),
      ...secretValuesOf(suites),
    ],
  });
  const primaryAnalyzer = deps.moduleAnalyzer ?? analyzers.analyzer;
  return {
    analyzer: new FallbackIncidentAnalyzer({
      primary: primaryAnalyzer,
      fallback: analyzers.builtIn,
      logger,
    }),
    primaryAnalyzer,
    builtIn: analyzers.builtIn,
    incidentContexts: new DefaultIncidentContextBuilder({
      incidents: deps.incidentProvider,
      catalog: deps.catalog,
      auth: deps.auth,
      appBaseUrl,
      logger,
    }),
    conversations: new DatabaseConversationLog(deps.knex),
  };
}
