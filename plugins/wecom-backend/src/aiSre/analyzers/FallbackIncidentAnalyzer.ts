import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WeComAnalysisOptions,
  WeComAnalysisQuestion,
  WeComIncidentAnalyzer,
  WeComIncidentContext,
  WeComPostmortemInput,
} from 'backstage-plugin-wecom-node';
import { oneLine } from './builtIn/text';
import {
  MAX_ANALYSIS_BYTES,
  MAX_ANSWER_BYTES,
  fitMarkdown,
} from './markdownBudget';

/**
 * The configured analyzer, with another (the built-in) answering when it
 * fails — a model server down must not stop a War Room or lose a
 * question. The answer then starts with a note saying so. A call the
 * caller cancelled is not retried.
 */
export class FallbackIncidentAnalyzer implements WeComIncidentAnalyzer {
  readonly name: string;

  constructor(
    private readonly options: {
      primary: WeComIncidentAnalyzer;
      fallback: WeComIncidentAnalyzer;
      logger: LoggerService;
    },
  ) {
    this.name = options.primary.name;
  }

  analyzeIncident(
    context: WeComIncidentContext,
    options?: WeComAnalysisOptions,
  ): Promise<{ markdown: string }> {
    return this.attempt(
      'analysis',
      MAX_ANALYSIS_BYTES,
      analyzer => analyzer.analyzeIncident(context, options),
      options,
    );
  }

  answerQuestion(
    question: WeComAnalysisQuestion,
    options?: WeComAnalysisOptions,
  ): Promise<{ markdown: string }> {
    return this.attempt(
      'answer',
      MAX_ANSWER_BYTES,
      analyzer => analyzer.answerQuestion(question, options),
      options,
    );
  }

  writePostmortem(
    input: WeComPostmortemInput,
    options?: WeComAnalysisOptions,
  ): Promise<{ markdown: string }> {
    return this.attempt(
      'post-mortem',
      Number.POSITIVE_INFINITY,
      analyzer => analyzer.writePostmortem(input, options),
      options,
    );
  }

  private async attempt(
    what: string,
    maxBytes: number,
    run: (analyzer: WeComIncidentAnalyzer) => Promise<{ markdown: string }>,
    options: WeComAnalysisOptions | undefined,
  ): Promise<{ markdown: string }> {
    const { primary, fallback, logger } = this.options;
    try {
      return await run(primary);
    } catch (error) {
      if (options?.signal?.aborted || primary === fallback) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn(
        `The ${what} of ${primary.name} failed; the ${fallback.name} analyzer answers instead: ${reason}`,
      );
      const { markdown } = await run(fallback);
      const note = `*${primary.name} could not write this ${what} (${oneLine(
        reason,
        200,
      )}); this is the ${fallback.name} ${what}.*`;
      const withNote = fitMarkdown(`${note}\n\n${markdown}`, maxBytes);
      options?.onText?.(withNote);
      return { markdown: withNote };
    }
  }
}
