import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WeComAnalysisOptions,
  WeComAnalysisQuestion,
  WeComIncidentAnalyzer,
  WeComIncidentContext,
  WeComPostmortemInput,
} from 'backstage-plugin-wecom-node';
import type OpenAI from 'openai';
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { Redactor, createRedactor } from '../redaction';
import {
  MAX_ANALYSIS_BYTES,
  MAX_ANSWER_BYTES,
  byteLength,
  fitMarkdown,
} from './markdownBudget';
import {
  PromptSection,
  cutToTokens,
  estimateTokens,
  fitSections,
} from './openai/promptBudget';
import {
  ANALYSIS_INSTRUCTIONS,
  POSTMORTEM_INSTRUCTIONS,
  POSTMORTEM_SECTIONS,
  QUESTION_INSTRUCTIONS,
  attachmentSection,
  contextSections,
  conversationSection,
} from './openai/prompts';
import { INCIDENT_TOOLS, runTool } from './openai/tools';

/**
 * The `openai` package, loaded when this analyzer is built: only backends
 * configured with `wecom.aiSre.analyzer: openai` load it.
 */
function openAiPackage(): typeof import('openai') {
  return require('openai');
}

/** Rough prompt cost of one image (a model's low-detail tile). */
const IMAGE_TOKENS = 1000;
/** The most a post-mortem may hold (stored and edited in Backstage). */
const MAX_POSTMORTEM_BYTES = 100_000;

/** What to check for an HTTP status of the model server. */
const STATUS_HINTS: Record<number, string> = {
  401: ' (check wecom.aiSre.openai.apiKey)',
  403: ' (check wecom.aiSre.openai.apiKey)',
  404: ' (check wecom.aiSre.openai.baseUrl and model)',
};

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

/**
 * A model server failed or took too long. The message says which server
 * and why, and never holds the API key; the bot falls back to the
 * built-in answer with it.
 */
export class ModelServerError extends Error {
  name = 'ModelServerError';
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
      this.shrinkToolResults(messages, fixedTokens);
    }
  }

  /** One streamed completion: the text (think blocks removed) and tool calls. */
  private async stream(
    messages: ChatCompletionMessageParam[],
    offerTools: boolean | undefined,
    signal: AbortSignal,
    onText: (textSoFar: string) => void,
  ): Promise<{
    text: string;
    toolCalls: ChatCompletionMessageFunctionToolCall[];
  }> {
    const stream = await this.client.chat.completions.create(
      {
        model: this.settings.model,
        messages,
        stream: true,
        max_tokens: this.settings.maxOutputTokens,
        ...(offerTools ? { tools: INCIDENT_TOOLS, tool_choice: 'auto' } : {}),
      },
      { signal },
    );
    let raw = '';
    let shown = '';
    const calls: { id?: string; name: string; arguments: string }[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      if (!delta) continue;
      if (delta.content) {
        raw += delta.content;
        const visible = withoutThinking(raw);
        if (visible !== shown) {
          shown = visible;
          onText(shown);
        }
      }
      for (const call of delta.tool_calls ?? []) {
        const slot = (calls[call.index] ??= { name: '', arguments: '' });
        if (call.id) slot.id = call.id;
        if (call.function?.name) slot.name += call.function.name;
        if (call.function?.arguments) slot.arguments += call.function.arguments;
      }
    }
    // The client ends an aborted stream quietly, as if it were complete.
    if (signal.aborted) throw new Error('aborted');
    return {
      text: withoutThinking(raw).trim(),
      toolCalls: calls
        .filter(call => call && call.name)
        .map((call, index) => ({
          id: call.id ?? `call_${index}`,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        })),
    };
  }

  /** Older tool results give way when the conversation outgrows the budget. */
  private shrinkToolResults(
    messages: ChatCompletionMessageParam[],
    fixedTokens: number,
  ) {
    const size = () =>
      fixedTokens +
      messages.reduce(
        (sum, message) =>
          sum +
          (typeof message.content === 'string'
            ? estimateTokens(message.content)
            : 0) +
          ('tool_calls' in message && message.tool_calls
            ? estimateTokens(JSON.stringify(message.tool_calls))
            : 0),
        0,
      );
    const budget = this.settings.maxPromptTokens;
    for (const message of messages) {
      if (size() <= budget) return;
      if (message.role === 'tool' && typeof message.content === 'string') {
        const others = size() - estimateTokens(message.content);
        message.content = cutToTokens(
          message.content,
          Math.max(20, budget - others),
        );
      }
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

  /** A clear message: which server, what went wrong, what to change. */
  private explain(
    error: unknown,
    how: { timedOut: boolean; cancelled: boolean },
    redactor: Redactor,
  ): Error {
    if (error instanceof ModelServerError) return error;
    const where = `${this.name} at ${this.settings.baseUrl}`;
    let message: string;
    if (how.timedOut) {
      message = `The model server (${where}) did not answer within ${this.settings.timeoutSeconds} s; try again, or raise wecom.aiSre.openai.timeoutSeconds`;
    } else if (how.cancelled) {
      message = `The answer of ${where} was cancelled`;
    } else if (error instanceof openAiPackage().APIConnectionError) {
      message = `The model server (${where}) could not be reached: ${
        error.cause ? String(error.cause) : error.message
      }`;
    } else if (error instanceof openAiPackage().APIError) {
      const hint = STATUS_HINTS[error.status ?? 0] ?? '';
      message = `The model server (${where}) answered HTTP ${error.status}${hint}: ${error.message}`;
    } else {
      message = `The model server (${where}) failed: ${
        error instanceof Error ? error.message : String(error)
      }`;
    }
    this.logger?.warn(redactor.redact(message));
    return new ModelServerError(redactor.redact(message));
  }
}

/** A 400 about tools: the model or server does not do function calling. */
function refusesTools(error: unknown): boolean {
  return (
    error instanceof openAiPackage().APIError &&
    error.status === 400 &&
    /tool/i.test(error.message)
  );
}

/** Text, then images as data URLs (for models that read images). */
function userContent(
  text: string,
  images: { mimeType: string; bytes: Uint8Array }[],
): string | ChatCompletionContentPart[] {
  if (images.length === 0) return text;
  return [
    { type: 'text', text },
    ...images.map(
      (image): ChatCompletionContentPart => ({
        type: 'image_url',
        image_url: {
          url: `data:${image.mimeType};base64,${Buffer.from(
            image.bytes,
          ).toString('base64')}`,
        },
      }),
    ),
  ];
}

/** Every text that leaves for the model server, redacted. */
function redactMessages(
  messages: ChatCompletionMessageParam[],
  redactor: Redactor,
): ChatCompletionMessageParam[] {
  return messages.map(message => {
    const copy: any = { ...message };
    if (typeof message.content === 'string') {
      copy.content = redactor.redact(message.content);
    } else if (Array.isArray(message.content)) {
      copy.content = message.content.map((part: any) =>
        part.type === 'text'
          ? { ...part, text: redactor.redact(part.text) }
          : part,
      );
    }
    if ('tool_calls' in message && message.tool_calls) {
      copy.tool_calls = message.tool_calls.map((call: any) => ({
        ...call,
        function: {
          ...call.function,
          arguments: redactor.redact(call.function.arguments),
        },
      }));
    }
    return copy;
  });
}

/** Reasoning models (Qwen, DeepSeek) think aloud in <think> blocks. */
function withoutThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?(<\/think>|$)/g, '').trimStart();
}

/** A model may skip a section; an empty one to fill in beats a missing one. */
function withAllSections(markdown: string): string {
  const missing = POSTMORTEM_SECTIONS.filter(
    section => !new RegExp(`^##\\s+${section}\\s*$`, 'im').test(markdown),
  );
  if (missing.length === 0) return markdown;
  return [
    markdown,
    ...missing.map(section => `## ${section}\n\n*Not written — fill in.*`),
  ].join('\n\n');
}
