import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { startFakeOpenAiServer } from './__testUtils__/fakeOpenAiServer';
import { readAnalyzerConfig } from './analyzerConfig';
import { createAnalyzer } from './createAnalyzer';

function config(aiSre?: JsonObject) {
  return new ConfigReader(aiSre ? { wecom: { aiSre } } : {});
}

function create(aiSre?: JsonObject, knownSecrets?: () => Promise<string[]>) {
  return createAnalyzer({
    config: config(aiSre),
    logger: mockServices.logger.mock(),
    appBaseUrl: 'https://backstage.example.com',
    knownSecrets,
  });
}

describe('readAnalyzerConfig', () => {
  it('defaults to the built-in analyzer', () => {
    expect(readAnalyzerConfig(config())).toEqual({
      analyzer: 'builtIn',
      redactPatterns: [],
    });
  });

  it('reads an OpenAI-compatible server with the documented defaults', () => {
    expect(
      readAnalyzerConfig(
        config({
          analyzer: 'openai',
          openai: { baseUrl: 'http://localhost:11434/v1/', model: 'qwen2.5' },
          // Read by other areas; not refused here.
          bot: { maxMediaBytes: 1024 },
          postmortem: { minIntervalSeconds: 30 },
        }),
      ),
    ).toEqual({
      analyzer: 'openai',
      redactPatterns: [],
      openai: {
        baseUrl: 'http://localhost:11434/v1',
        model: 'qwen2.5',
        apiKey: undefined,
        timeoutSeconds: 60,
        maxOutputTokens: 1500,
        maxPromptTokens: 12000,
        maxToolCalls: 4,
      },
    });
  });

  it.each<[string, JsonObject, RegExp]>([
    [
      'the openai analyzer without a model',
      { analyzer: 'openai', openai: { baseUrl: 'http://vllm:8000/v1' } },
      /wecom\.aiSre\.analyzer is openai but wecom\.aiSre\.openai\.model is not set/,
    ],
    [
      'the openai analyzer without any openai settings',
      { analyzer: 'openai' },
      /wecom\.aiSre\.openai\.model is not set/,
    ],
    [
      'OpenAI itself without an API key',
      { analyzer: 'openai', openai: { model: 'gpt-4o-mini' } },
      /wecom\.aiSre\.openai\.apiKey is required for https:\/\/api\.openai\.com\/v1/,
    ],
    ['an unknown analyzer', { analyzer: 'magic' }, /wecom\.aiSre\.analyzer: /],
    [
      'a base URL that is not http(s)',
      { analyzer: 'openai', openai: { baseUrl: 'ftp://x', model: 'm' } },
      /wecom\.aiSre\.openai\.baseUrl: must be an http\(s\) URL/,
    ],
    [
      'a time-out of zero',
      {
        analyzer: 'openai',
        openai: { baseUrl: 'http://x/v1', model: 'm', timeoutSeconds: 0 },
      },
      /wecom\.aiSre\.openai\.timeoutSeconds: /,
    ],
    [
      'a misspelt key',
      {
        analyzer: 'openai',
        openai: { baseUrl: 'http://x/v1', model: 'm', maxTokens: 10 },
      },
      /maxTokens/,
    ],
    [
      'a redact pattern that does not compile',
      { redactPatterns: ['ok', '[unclosed'] },
      /wecom\.aiSre\.redactPatterns\[1\] is not a valid regular expression/,
    ],
  ])('refuses %s at start-up', (_, aiSre, message) => {
    expect(() => readAnalyzerConfig(config(aiSre))).toThrow(message);
  });
});

describe('createAnalyzer', () => {
  it('builds the built-in analyzer by default', () => {
    const { analyzer, builtIn } = create();

    expect(analyzer.name).toBe('built-in');
    expect(analyzer).toBe(builtIn);
  });

  it('builds an OpenAI-compatible analyzer that answers through the server, secrets redacted', async () => {
    const server = await startFakeOpenAiServer();
    try {
      const { analyzer, builtIn } = create(
        {
          analyzer: 'openai',
          openai: { baseUrl: server.baseUrl, model: 'llama3.1' },
          redactPatterns: ['TICKET-\\d+'],
        },
        async () => ['corp-secret-42'],
      );

      const { markdown } = await analyzer.answerQuestion({
        question: 'is TICKET-991 about corp-secret-42?',
        conversation: [],
        attachments: [],
        askedBy: 'lisi',
      });

      expect(analyzer.name).toBe('openai:llama3.1');
      expect(builtIn.name).toBe('built-in');
      expect(markdown).toContain('is [redacted] about [redacted]?');
      expect(server.headers[0].authorization).toBe('Bearer not-needed');
    } finally {
      await server.close();
    }
  });
});
