// `openai` and `@wecom/aibot-node-sdk` (with the axios and ws it brings)
// load only in backends configured to use them: the OpenAI-compatible
// analyzer and the smart bot's long connection.
const loaded = new Set<string>();
for (const name of ['openai', '@wecom/aibot-node-sdk']) {
  jest.doMock(name, () => {
    loaded.add(name);
    return jest.requireActual(name);
  });
}

type StartWeComBackend =
  typeof import('./__testUtils__/startWeComBackend').startWeComBackend;

// Required after the mocks above, so that they see every load.
const { startWeComBackend, TEST_KEYS } =
  require('./__testUtils__/startWeComBackend') as {
    startWeComBackend: StartWeComBackend;
    TEST_KEYS: typeof import('./__testUtils__/startWeComBackend').TEST_KEYS;
  };

describe('optional dependencies', () => {
  // In this order: the first backend must not load what the second does.
  it('are not loaded with the built-in analyzer and callback bots', async () => {
    const { backend } = await startWeComBackend({});
    try {
      expect([...loaded]).toEqual([]);
    } finally {
      await backend.stop();
    }
  });

  it('load when the OpenAI analyzer and a long-connection bot are configured', async () => {
    const { backend } = await startWeComBackend({
      extraConfig: {
        aiSre: {
          analyzer: 'openai',
          // Nothing listens there: the analyzer is only built, never asked.
          openai: { baseUrl: 'http://127.0.0.1:9/v1', model: 'test-model' },
        },
      },
      integrations: [
        {
          id: 'acme',
          name: 'ACME corp',
          corpId: TEST_KEYS.corpId,
          agentId: 1000002,
          secret: TEST_KEYS.secret,
          bot: {
            mode: 'longConnection',
            botId: 'test-bot',
            secret: 'test-bot-secret',
            wsUrl: 'ws://127.0.0.1:9',
          },
        },
      ],
    });
    try {
      expect(loaded).toContain('openai');
      expect(loaded).toContain('@wecom/aibot-node-sdk');
    } finally {
      await backend.stop();
    }
  });
});
