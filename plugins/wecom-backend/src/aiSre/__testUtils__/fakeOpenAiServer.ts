import {
  IncomingHttpHeaders,
  IncomingMessage,
  ServerResponse,
  createServer,
} from 'node:http';
import { AddressInfo } from 'node:net';

/** A tool call the fake model makes instead of (or after) its text. */
export interface FakeToolCall {
  name: string;
  /** JSON text, as a model sends it. */
  arguments: string;
}

/** What the fake model answers to one chat completion request. */
export interface FakeCompletion {
  /** Text deltas, sent one SSE chunk each, in order. */
  chunks: string[];
  /** Wait between chunks, to make the stream slow. */
  delayMs?: number;
  /** Sent after the text; the answer then finishes with `tool_calls`. */
  toolCalls?: FakeToolCall[];
  /** An HTTP error status (e.g. 500) answered instead of a stream. */
  status?: number;
  /** The error's message with `status`. */
  errorMessage?: string;
}

/** Decides the answer from the parsed request body. */
export type FakeCompletionScript = (
  body: any,
) => FakeCompletion | Promise<FakeCompletion>;

/** A running fake OpenAI-compatible server. */
export interface FakeOpenAiServer {
  /** Ends with `/v1`, as `new OpenAI({ baseURL })` wants it. */
  baseUrl: string;
  /** Every chat completion request body, parsed, in arrival order. */
  requests: any[];
  /** The headers of each request, same order as `requests`. */
  headers: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/**
 * A stand-in for an OpenAI-compatible model server (OpenAI, vLLM, Ollama)
 * that streams chat completions as server-sent events, so the analyzers
 * and the bot can be tested against the real `openai` client without a
 * model. Listens on an ephemeral port.
 */
export async function startFakeOpenAiServer(
  script: FakeCompletionScript = echoLastUserMessage,
): Promise<FakeOpenAiServer> {
  const requests: any[] = [];
  const headers: IncomingHttpHeaders[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch(error => {
      if (!res.headersSent) {
        sendError(res, 500, `fake server script failed: ${error}`);
      } else {
        res.end();
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      sendError(res, 404, `no route ${req.method} ${path}`);
      return;
    }
    let body: any;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      sendError(res, 400, 'the body is not JSON');
      return;
    }
    requests.push(body);
    headers.push(req.headers);

    const completion = await script(body);
    if (completion.status && completion.status >= 400) {
      sendError(
        res,
        completion.status,
        completion.errorMessage ?? 'the fake model failed on purpose',
      );
      return;
    }
    await streamCompletion(res, body, completion);
  }

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    headers,
    close: () =>
      new Promise<void>(resolve => {
        // Slow streams would otherwise keep the server open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The default script: "You asked: <last user message>" in 3 chunks. */
export function echoLastUserMessage(body: any): FakeCompletion {
  const text = `You asked: ${lastUserText(body)}`;
  const third = Math.ceil(text.length / 3);
  return {
    chunks: [
      text.slice(0, third),
      text.slice(third, 2 * third),
      text.slice(2 * third),
    ],
  };
}

/** The text of the last `user` message (its text parts when an array). */
export function lastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = [...messages].reverse().find(m => m?.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (Array.isArray(last.content)) {
    return last.content
      .filter((part: any) => part?.type === 'text')
      .map((part: any) => part.text)
      .join('\n');
  }
  return '';
}

async function streamCompletion(
  res: ServerResponse,
  body: any,
  completion: FakeCompletion,
): Promise<void> {
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });

  const id = `chatcmpl-fake-${Math.random().toString(36).slice(2)}`;
  const created = Math.floor(Date.now() / 1000);
  const model = typeof body?.model === 'string' ? body.model : 'fake-model';
  const send = (delta: object, finishReason: string | null = null) => {
    if (closed) return;
    const chunk = {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    };
    res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  };
  const pause = async () => {
    if (completion.delayMs) await sleep(completion.delayMs);
  };

  send({ role: 'assistant', content: '' });
  for (const text of completion.chunks) {
    await pause();
    send({ content: text });
  }
  const toolCalls = completion.toolCalls ?? [];
  for (const [index, call] of toolCalls.entries()) {
    await pause();
    send({
      tool_calls: [
        {
          index,
          id: `call_${index}_${id.slice(-6)}`,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        },
      ],
    });
  }
  send({}, toolCalls.length > 0 ? 'tool_calls' : 'stop');
  if (!closed) res.end('data: [DONE]\n\n');
}

function sendError(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      error: { message, type: 'fake_error', param: null, code: null },
    }),
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', part => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
