import {
  UntrustedMarkdownOptions,
  neutraliseUntrustedMarkdown,
} from '../../text/wecomMarkdown';
import { BotAnswerSink, BotConversation, BotInboundMessage } from './types';

/**
 * What the bot says in chats goes through here, on both transports: a
 * model's answer may quote an alert, a catalog entry or a chat line that
 * carries a phishing link or a mention. The answer's formatting stays;
 * links stay links only to Backstage, and images, mentions and HTML other
 * than WeCom's `<font color>` show as text ({@link neutraliseUntrustedMarkdown}).
 * Text the plugin writes itself is escaped where it is written.
 */
export class MarkdownGuardedConversation implements BotConversation {
  constructor(
    private readonly inner: BotConversation,
    private readonly options: UntrustedMarkdownOptions,
  ) {}

  handle(message: BotInboundMessage, sink: BotAnswerSink): Promise<void> {
    return this.inner.handle(message, {
      update: (content, finish) =>
        sink.update(neutraliseUntrustedMarkdown(content, this.options), finish),
    });
  }
}
