import { toInboundMessage } from './frames';

const frame = (body: Record<string, unknown>) => ({
  cmd: 'aibot_msg_callback',
  headers: { req_id: 'r1' },
  body: {
    msgid: 'm1',
    aibotid: 'aib1',
    chattype: 'single',
    from: { userid: 'JohnDoe' },
    ...body,
  },
});

describe('toInboundMessage', () => {
  it('takes the text of mixed messages and their images with each own aeskey', () => {
    const message = toInboundMessage(
      'acme',
      frame({
        chattype: 'group',
        chatid: 'wrINC1',
        msgtype: 'mixed',
        mixed: {
          msg_item: [
            { msgtype: 'text', text: { content: '@bot what is this?' } },
            { msgtype: 'image', image: { url: 'https://m/1', aeskey: 'K1' } },
            { msgtype: 'text', text: { content: 'and this' } },
            { msgtype: 'image', image: { url: 'https://m/2', aeskey: 'K2' } },
          ],
        },
      }),
    );
    expect(message).toEqual({
      integrationId: 'acme',
      msgId: 'm1',
      chatType: 'group',
      chatId: 'wrINC1',
      fromUserId: 'JohnDoe',
      text: '@bot what is this?\nand this',
      media: [
        { kind: 'image', url: 'https://m/1', aesKey: 'K1' },
        { kind: 'image', url: 'https://m/2', aesKey: 'K2' },
      ],
      transport: 'longConnection',
    });
  });

  it('reads voice as its transcript and files (videos too) as files', () => {
    expect(
      toInboundMessage(
        'acme',
        frame({ msgtype: 'voice', voice: { content: 'help' } }),
      ),
    ).toMatchObject({ text: 'help', media: [] });
    expect(
      toInboundMessage(
        'acme',
        frame({ msgtype: 'file', file: { url: 'https://m/f', aeskey: 'KF' } }),
      )?.media,
    ).toEqual([{ kind: 'file', url: 'https://m/f', aesKey: 'KF' }]);
    expect(
      toInboundMessage(
        'acme',
        frame({
          msgtype: 'video',
          video: { url: 'https://m/v', aeskey: 'KV' },
        }),
      )?.media,
    ).toEqual([
      { kind: 'file', url: 'https://m/v', aesKey: 'KV', fileName: 'video' },
    ]);
  });

  it('reads events by their type', () => {
    expect(
      toInboundMessage(
        'acme',
        frame({ msgtype: 'event', event: { eventtype: 'enter_chat' } }),
      ),
    ).toMatchObject({ eventType: 'enter_chat', media: [] });
  });

  it('ignores frames that no user sent', () => {
    expect(
      toInboundMessage('acme', frame({ msgid: undefined })),
    ).toBeUndefined();
    expect(toInboundMessage('acme', frame({ from: {} }))).toBeUndefined();
    expect(
      toInboundMessage('acme', { headers: { req_id: 'x' } } as any),
    ).toBeUndefined();
    expect(
      toInboundMessage('acme', frame({ msgtype: 'event', event: {} })),
    ).toBeUndefined();
  });

  it('drops a frame whose sender or chat cannot be a WeCom id', () => {
    for (const odd of [
      { from: { userid: 'u'.repeat(65) } },
      { from: { userid: 'a\u0000b' } },
      { chattype: 'group', chatid: 'c'.repeat(200) },
    ]) {
      expect(
        toInboundMessage('acme', frame({ msgtype: 'text', ...odd })),
      ).toBeUndefined();
    }
  });
});
