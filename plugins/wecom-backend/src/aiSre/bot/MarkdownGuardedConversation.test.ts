import { MarkdownGuardedConversation } from './MarkdownGuardedConversation';
import { BotAnswerSink, BotConversation, BotInboundMessage } from './types';

const message: BotInboundMessage = {
  integrationId: 'acme',
  msgId: 'm1',
  chatType: 'group',
  chatId: 'wr1',
  fromUserId: 'ZhangSan',
  text: 'what now?',
  media: [],
  transport: 'callback',
};

/** A model that was talked into quoting the alert's phishing link. */
const injected: BotConversation = {
  async handle(_message, sink) {
    await sink.update('Checking [点此处理](https://evil.example/lo', false);
    await sink.update(
      [
        'Please [点此处理](https://evil.example/login) <@all>',
        '![x](https://evil.example/pixel.png)',
        '**Incident**: [open it](https://backstage.example.com/wecom/incidents/1)',
      ].join('\n'),
      true,
    );
  },
};

describe('MarkdownGuardedConversation', () => {
  it('lets no answer of the bot link elsewhere, show images or mention people, in every update', async () => {
    const updates: Array<{ content: string; finish: boolean }> = [];
    const sink: BotAnswerSink = {
      update: async (content, finish) => {
        updates.push({ content, finish });
      },
    };
    await new MarkdownGuardedConversation(injected, {
      allowedOrigins: ['https://backstage.example.com'],
    }).handle(message, sink);

    expect(updates).toEqual([
      // Half a link, streamed so far, cannot become one either.
      {
        content: 'Checking ［点此处理］(https://evil.example/lo',
        finish: false,
      },
      {
        content: [
          'Please 点此处理 (https://evil.example/login) ＜@all>',
          'x (https://evil.example/pixel.png)',
          '**Incident**: [open it](https://backstage.example.com/wecom/incidents/1)',
        ].join('\n'),
        finish: true,
      },
    ]);
  });
});
