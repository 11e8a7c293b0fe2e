import OpenAI from 'openai';
import { FakeOpenAiServer, startFakeOpenAiServer } from './fakeOpenAiServer';

describe('startFakeOpenAiServer', () => {
  let server: FakeOpenAiServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function client(baseURL: string) {
    return new OpenAI({ baseURL, apiKey: 'sk-test', maxRetries: 0 });
  }

  it('streams the echo of the last user message to the openai client in chunks', async () => {
    server = await startFakeOpenAiServer();

    const stream = await client(server.baseUrl).chat.completions.create({
      model: 'qwen2.5',
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'what is happening?' },
      ],
    });
    const deltas: string[] = [];
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) deltas.push(text);
    }

    expect(deltas).toHaveLength(3);
    expect(deltas.join('')).toBe('You asked: what is happening?');
    expect(server.requests).toEqual([
      expect.objectContaining({
        model: 'qwen2.5',
        stream: true,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'what is happening?' },
        ],
      }),
    ]);
    expect(server.headers[0].authorization).toBe('Bearer sk-test');
  });

  it('sends tool calls the client can assemble, finishing with tool_calls', async () => {
    server = await startFakeOpenAiServer(() => ({
      chunks: [],
      toolCalls: [{ name: 'get_incident', arguments: '{"id":"inc-1"}' }],
    }));

    const stream = await client(server.baseUrl).chat.completions.create({
      model: 'm',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const calls: { name?: string; arguments?: string }[] = [];
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      for (const call of choice?.delta?.tool_calls ?? []) {
        calls[call.index] = {
          name: call.function?.name,
          arguments: call.function?.arguments,
        };
      }
      finish = choice?.finish_reason ?? finish;
    }

    expect(calls).toEqual([
      { name: 'get_incident', arguments: '{"id":"inc-1"}' },
    ]);
    expect(finish).toBe('tool_calls');
  });

  it('answers an HTTP error the client reports with its status', async () => {
    server = await startFakeOpenAiServer(() => ({ chunks: [], status: 500 }));

    await expect(
      client(server.baseUrl).chat.completions.create({
        model: 'm',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toMatchObject({ status: 500 });
  });
});
