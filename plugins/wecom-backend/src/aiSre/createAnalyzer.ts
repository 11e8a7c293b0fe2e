import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { WeComIncidentAnalyzer } from 'backstage-plugin-wecom-node';
import { readAnalyzerConfig } from './analyzerConfig';
import { BuiltInIncidentAnalyzer } from './analyzers/BuiltInIncidentAnalyzer';
import { OpenAiIncidentAnalyzer } from './analyzers/OpenAiIncidentAnalyzer';

/** The analyzers the plugin runs with. */
export interface Analyzers {
  /** The configured one (`wecom.aiSre.analyzer`). */
  analyzer: WeComIncidentAnalyzer;
  /** What answers when the configured one fails; needs no server. */
  builtIn: BuiltInIncidentAnalyzer;
}

/**
 * The analyzer `wecom.aiSre` asks for, and the built-in one as a fallback.
 * Configuration mistakes fail here, at start-up, with a clear message.
 */
export function createAnalyzer(options: {
  config: Config;
  logger: LoggerService;
  /** The Backstage app, for links to incident pages. */
  appBaseUrl: string;
  /**
   * Secrets to redact from everything sent to a model server, read per
   * answer (integrations change at runtime), e.g. every integration's
   * `secretValuesOf`.
   */
  knownSecrets?: () => Promise<string[]>;
}): Analyzers {
  const settings = readAnalyzerConfig(options.config);
  // Times read like the cards' (`wecom.cards.timeZone`, checked there).
  const timeZone =
    options.config.getOptionalString('wecom.cards.timeZone') ?? 'UTC';
  const builtIn = new BuiltInIncidentAnalyzer({
    timeZone,
    appBaseUrl: options.appBaseUrl,
  });
  if (settings.analyzer === 'builtIn') {
    options.logger.info('Incident analysis: built-in analyzer (no model)');
    return { analyzer: builtIn, builtIn };
  }
  const analyzer = new OpenAiIncidentAnalyzer({
    settings: settings.openai,
    redactPatterns: settings.redactPatterns,
    knownSecrets: options.knownSecrets,
    timeZone,
    logger: options.logger,
  });
  options.logger.info(
    `Incident analysis: ${analyzer.name} at ${settings.openai.baseUrl}`,
  );
  return { analyzer, builtIn };
}
