import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WeComAnalysisOptions,
  WeComAnalysisQuestion,
  WeComIncidentAnalyzer,
  WeComIncidentContext,
  WeComPostmortemInput,
} from 'backstage-plugin-wecom-node';
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { Redactor, createRedactor } from '../redaction';
import {
  MAX_ANALYSIS_BYTES,
  MAX_ANSWER_BYTES,
  byteLength,
  fitMarkdown,
} from './markdownBudget';
import {
  redactMessages,
  shrinkToolResults,
  userContent,
} from './openai/chatMessages';
import {
  ModelServerError,
  describeModelFailure,
  refusesTools,
} from './openai/modelServerError';
import { openAiPackage } from './openai/openAiPackage';
import {
  PromptSection,
  estimateTokens,
  fitSections,
} from './openai/promptBudget';
import {
  ANALYSIS_INSTRUCTIONS,
  POSTMORTEM_INSTRUCTIONS,
  QUESTION_INSTRUCTIONS,
  attachmentSection,
  contextSections,
  conversationSection,
  withAllSections,
} from './openai/prompts';
import { streamCompletion } from './openai/streamCompletion';
import { INCIDENT_TOOLS, runTool } from './openai/tools';

export { ModelServerError } from './openai/modelServerError';

/** Rough prompt cost of one image (a model's low-detail tile). */
const IMAGE_TOKENS = 1000;
/** The most a post-mortem may hold (stored and edited in Backstage). */
const MAX_POSTMORTEM_BYTES = 100_000;

/** The settings of {@link OpenAiIncidentAnalyzer}, from `wecom.aiSre.openai`. */
export interface OpenAiAnalyzerSettings {
  /** Ends with `/v1` for most servers, e.g. `http://localhost:11434/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutSeconds: number;
  maxOutputTokens: number;
  maxPromptTokens: number;
  maxToolCalls: number;
}

/** One model request: what to send and how big the answer may be. */
interface Task {
  instructions: string;
  sections: PromptSection[];
  images?: { mimeType: string; bytes: Uint8Array }[];
  maxBytes: number;
  footer: string;
  /** Mends the model's final text (e.g. adds missing sections). */
  finish?: (text: string) => string;
}

/**
 * An analyzer backed by any OpenAI-compatible chat completions server
 * (OpenAI, vLLM, Ollama, …) through the official `openai` client. Answers
 * stream to `onText`; the model may read more incident data through tools
 * backed by `options.data`. Every message is redacted before it is sent
 * and the prompt is kept within `maxPromptTokens`.
 */
export class OpenAiIncidentAnalyzer implements WeComIncidentAnalyzer {
  readonly name: string;

  private readonly client: OpenAI;
  private readonly settings: OpenAiAnalyzerSettings;
  private readonly timeZone: string;
  private readonly extraPatterns: RegExp[];
  private readonly knownSecrets: () => Promise<string[]>;
  private readonly logger?: LoggerService;
  /** The server refused tools once (a model or server without them). */
  private toolsRefused = false;

  constructor(options: {
    settings: OpenAiAnalyzerSettings;
    /** `wecom.aiSre.redactPatterns`, compiled. */
    redactPatterns?: RegExp[];
    /** Secrets to redact wherever they appear (e.g. the integrations'). */
    knownSecrets?: () => Promise<string[]>;
    /** IANA zone of the times in prompts; UTC by default. */
    timeZone?: string;
    logger?: LoggerService;
  }) {
    this.settings = options.settings;
    this.name = `openai:${options.settings.model}`;
    this.timeZone = options.timeZone ?? 'UTC';
    this.extraPatterns = options.redactPatterns ?? [];
    this.knownSecrets = options.knownSecrets ?? (async () => []);
    this.logger = options.logger;
    this.client = new (openAiPackage().OpenAI)({
      baseURL: options.settings.baseUrl,
      // Local servers (vLLM, Ollama) take any key; the client wants one.
      apiKey: options.settings.apiKey ?? 'not-needed',
      timeout: options.settings.timeoutSeconds * 1000,
      maxRetries: 1,
    });
  }

  async analyzeIncident(
    context: WeComIncidentContext,
    options: WeComAnalysisOptions = {},
  ): Promise<{ markdown: string }> {
    return this.run(
      {
        instructions: ANALYSIS_INSTRUCTIONS,
        sections: [
          ...contextSections(context, this.timeZone, 1),
          { lines: ['Write the War Room’s first analysis of this incident.'] },
        ],
        maxBytes: MAX_ANALYSIS_BYTES,
        footer: `*AI analysis by ${this.name}; it may be wrong, check before acting.*`,
      },
      options,
    );
  }

  async answerQuestion(
    question: WeComAnalysisQuestion,
    options: WeComAnalysisOptions = {},
  ): Promise<{ markdown: string }> {
    const sections: PromptSection[] = question.context
      ? contextSections(question.context, this.timeZone, 2)
      : [
          {
            lines: [
              'No incident is attached to this chat (it is not a War Room).',
            ],
          },
        ];
    sections.push(
      conversationSection(
        'Earlier in this chat (oldest first)',
        question.conversation,
        this.timeZone,
        1,
      ),
      attachmentSection(question.attachments),
      {
        title: `Question from ${question.askedBy}`,
        lines: [question.question],
      },
    );
    return this.run(
      {
        instructions: QUESTION_INSTRUCTIONS,
        sections,
        images: question.attachments.filter(a => a.kind === 'image'),
        maxBytes: MAX_ANSWER_BYTES,
        footer: `*${this.name}; may be wrong.*`,
      },
      options,
    );
  }

  async writePostmortem(
    input: WeComPostmortemInput,
    options: WeComAnalysisOptions = {},
  ): Promise<{ markdown: string }> {
    return this.run(
      {
        instructions: POSTMORTEM_INSTRUCTIONS,
        sections: [
          ...contextSections(input.context, this.timeZone, 2),
          conversationSection(
            'War Room chat (oldest first)',
            input.conversation,
            this.timeZone,
            1,
          ),
          { lines: ['Write the post-mortem of this incident.'] },
        ],
        maxBytes: MAX_POSTMORTEM_BYTES,
        footer: `*Drafted by ${this.name}; review and fill in before sharing.*`,
        finish: withAllSections,
      },
      options,
    );
  }

  private async run(
    task: Task,
    options: WeComAnalysisOptions,
  ): Promise<{ markdown: string }> {
    const redactor = await this.redactor();
    const timeoutMs = this.settings.timeoutSeconds * 1000;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const cancel = () => controller.abort();
    if (options.signal?.aborted) cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      const text = await this.converse(task, options, redactor, controller);
      if (!text) {
        throw new ModelServerError(
          `The model server (${this.name} at ${this.settings.baseUrl}) gave an empty answer`,
        );
      }
      const finished = task.finish ? task.finish(text) : text;
      return { markdown: fitMarkdown(finished, task.maxBytes, task.footer) };
    } catch (error) {
      throw this.explain(
        error,
        { timedOut, cancelled: !timedOut && controller.signal.aborted },
        redactor,
      );
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
    }
  }

  /** Streams answers, running tool calls between rounds, to the final text. */
  private async converse(
    task: Task,
    options: WeComAnalysisOptions,
    redactor: Redactor,
    controller: AbortController,
  ): Promise<string> {
    let tools = options.data && this.settings.maxToolCalls > 0;
    const fixedTokens =
      estimateTokens(task.instructions) +
      (tools ? estimateTokens(JSON.stringify(INCIDENT_TOOLS)) : 0) +
      (task.images?.length ?? 0) * IMAGE_TOKENS;
    const userText = fitSections(
      task.sections,
      Math.max(200, this.settings.maxPromptTokens - fixedTokens),
    );
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: task.instructions },
      { role: 'user', content: userContent(userText, task.images ?? []) },
    ];

    let toolCallsLeft = this.settings.maxToolCalls;
    for (;;) {
      const offerTools = tools && !this.toolsRefused && toolCallsLeft > 0;
      const onText = (textSoFar: string) =>
        options.onText?.(
          fitMarkdown(textSoFar, task.maxBytes - byteLength(task.footer) - 2),
        );
      let answer;
      try {
        answer = await this.stream(
          redactMessages(messages, redactor),
          offerTools,
          controller.signal,
          onText,
        );
      } catch (error) {
        if (!offerTools || !refusesTools(error)) throw error;
        // Ollama models without tool support and vLLM without
        // --enable-auto-tool-choice answer 400: go on without tools.
        this.toolsRefused = true;
        tools = false;
        this.logger?.warn(
          `${this.name} refused tool calls, so answers go on without them: ${
            (error as Error).message
          }`,
        );
        answer = await this.stream(
          redactMessages(messages, redactor),
          false,
          controller.signal,
          onText,
        );
      }
      const { text, toolCalls } = answer;
      if (toolCalls.length === 0 || !offerTools) return text;

      messages.push({
        role: 'assistant',
        content: text || null,
        tool_calls: toolCalls,
      });
      for (const call of toolCalls) {
        let result: string;
        if (toolCallsLeft > 0) {
          toolCallsLeft -= 1;
          result = await runTool(call.function, options.data!);
        } else {
          result = JSON.stringify({
            error: 'the tool call budget of this answer is used up; answer now',
          });
        }
        messages.push({ role: 'tool', tool_call_id: call.id, content: result });
      }
      shrinkToolResults(messages, fixedTokens, this.settings.maxPromptTokens);
    }
  }

  private async redactor(): Promise<Redactor> {
    let secrets: string[];
    try {
      secrets = await this.knownSecrets();
    } catch (error) {
      // Sending without knowing what to hide could leak a secret.
      throw new ModelServerError(
        `The question was not sent to ${this.name}: the secrets to redact could not be read (${error})`,
      );
    }
    if (this.settings.apiKey) secrets.push(this.settings.apiKey);
    return createRedactor({ patterns: this.extraPatterns, secrets });
  }

  /** A clear, redacted {@link ModelServerError}, also logged. */
  private explain(
    error: unknown,
    how: { timedOut: boolean; cancelled: boolean },
    redactor: Redactor,
  ): Error {
    if (error instanceof ModelServerError) return error;
    const message = describeModelFailure(error, how, {
      where: `${this.name} at ${this.settings.baseUrl}`,
      timeoutSeconds: this.settings.timeoutSeconds,
    });
    this.logger?.warn(redactor.redact(message));
    return new ModelServerError(redactor.redact(message));
  }

  private stream(
    messages: ChatCompletionMessageParam[],
    offerTools: boolean | undefined,
    signal: AbortSignal,
    onText: (textSoFar: string) => void,
  ) {
    const { model, maxOutputTokens } = this.settings;
    return streamCompletion(
      this.client,
      { model, maxOutputTokens, messages, offerTools },
      signal,
      onText,
    );
  }
}
