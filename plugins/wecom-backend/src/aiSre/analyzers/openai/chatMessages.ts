import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { Redactor } from '../../redaction';
import { cutToTokens, estimateTokens } from './promptBudget';

/** Text, then images as data URLs (for models that read images). */
export function userContent(
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
export function redactMessages(
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

/**
 * Older tool results give way when the conversation outgrows the budget
 * (`fixedTokens` is what the messages do not hold: instructions, tools,
 * images).
 */
export function shrinkToolResults(
  messages: ChatCompletionMessageParam[],
  fixedTokens: number,
  budget: number,
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
