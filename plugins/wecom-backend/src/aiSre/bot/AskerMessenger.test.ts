import { WeComIntegration } from '../../integrations/types';
import { AppMessageAskerMessenger } from './AskerMessenger';

describe('AppMessageAskerMessenger', () => {
  const integration = { id: 'acme', agentId: 1000002 } as WeComIntegration;
  const sent: unknown[] = [];
  const messenger = new AppMessageAskerMessenger({
    integrations: {
      get: async id => (id === 'acme' ? integration : undefined),
    },
    clientOf: () => ({
      sendMessage: async body => {
        sent.push(body);
        return {};
      },
    }),
  });
  beforeEach(() => {
    sent.length = 0;
  });

  it('sends the answer to the asker alone, as markdown within 2,048 bytes', async () => {
    await messenger.sendMarkdown(
      'acme',
      'ZhangSan',
      `**Late**\n${'答'.repeat(1000)}`,
    );
    expect(sent).toHaveLength(1);
    const body = sent[0] as any;
    expect(body).toMatchObject({ touser: 'ZhangSan', msgtype: 'markdown' });
    expect(body.markdown.content.startsWith('**Late**')).toBe(true);
    expect(
      Buffer.byteLength(body.markdown.content, 'utf8'),
    ).toBeLessThanOrEqual(2048);
  });

  it('throws when the integration is gone', async () => {
    await expect(
      messenger.sendMarkdown('gone', 'ZhangSan', 'answer'),
    ).rejects.toThrow(/no longer exists/);
    expect(sent).toEqual([]);
  });
});
