import type OpenAI from 'openai';
import type {
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { INCIDENT_TOOLS } from './tools';

/**
 * One streamed completion: the text (think blocks removed) and tool calls.
 * `onText` gets the visible text so far whenever it changes.
 */
export async function streamCompletion(
  client: OpenAI,
  request: {
    model: string;
    maxOutputTokens: number;
    messages: ChatCompletionMessageParam[];
    offerTools: boolean | undefined;
  },
  signal: AbortSignal,
  onText: (textSoFar: string) => void,
): Promise<{
  text: string;
  toolCalls: ChatCompletionMessageFunctionToolCall[];
}> {
  const stream = await client.chat.completions.create(
    {
      model: request.model,
      messages: request.messages,
      stream: true,
      max_tokens: request.maxOutputTokens,
      ...(request.offerTools
        ? { tools: INCIDENT_TOOLS, tool_choice: 'auto' }
        : {}),
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

/** Reasoning models (Qwen, DeepSeek) think aloud in <think> blocks. */
function withoutThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?(<\/think>|$)/g, '').trimStart();
}
