import { createDecipheriv } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { startEmulator, type RunningEmulator } from '../server';
import { START, testCorp } from '../__testUtils__/fixtures';
import {
  startReceiver,
  type ReceivedCallback,
} from '../__testUtils__/receiver';

const BOT = {
  botId: 'aibtest01',
  token: 'botToken',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
};

/** A bot receiver as the plugin would be: verify, decrypt, answer an encrypted JSON reply. */
function botReply(request: ReceivedCallback, answer: object) {
  const { encrypt: encrypted } = JSON.parse(request.body);
  const { msg_signature, timestamp, nonce } = request.query;
  expect(getSignature(BOT.token, timestamp, nonce, encrypted)).toBe(
    msg_signature,
  );
  const { message, id } = decrypt(BOT.encodingAESKey, encrypted);
  expect(id).toBe('');
  const replyEncrypted = encrypt(
    BOT.encodingAESKey,
    JSON.stringify(answer),
    '',
  );
  const replyTimestamp = '1736154000';
  const replyNonce = '7';
  return {
    message: JSON.parse(message),
    body: JSON.stringify({
      encrypt: replyEncrypted,
      msgsignature: getSignature(
        BOT.token,
        replyTimestamp,
        replyNonce,
        replyEncrypted,
      ),
      timestamp: Number(replyTimestamp),
      nonce: replyNonce,
    }),
  };
}

describe('smart bot', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let emulator: RunningEmulator;
  const seen: Array<Record<string, any>> = [];

  beforeEach(async () => {
    seen.length = 0;
    let refreshes = 0;
    receiver = await startReceiver(request => {
      const peek = JSON.parse(
        decrypt(BOT.encodingAESKey, JSON.parse(request.body).encrypt).message,
      );
      const finish = peek.msgtype === 'stream' && ++refreshes >= 2;
      const { message, body } = botReply(request, {
        msgtype: 'stream',
        stream: {
          id: 'stream-1',
          finish,
          content: finish ? 'Root cause: disk full' : 'Analyzing…',
        },
      });
      seen.push(message);
      return { body, type: 'application/json' };
    });
    emulator = await startEmulator({
      corps: [testCorp({ bot: { ...BOT, callbackUrl: receiver.url } })],
      clock: () => START,
    });
  });

  afterEach(async () => {
    await emulator.close();
    await receiver.close();
  });

  it('sends an encrypted JSON message and follows the streamed reply to its end', async () => {
    const first = await emulator.sendBotMessage({
      from: 'alice',
      chatid: 'INC1warroom',
      text: '@bot why is checkout slow?',
    });
    expect(first).toMatchObject({
      status: 200,
      signatureValid: true,
      streamId: 'stream-1',
      reply: { msgtype: 'stream', stream: { id: 'stream-1', finish: false } },
    });
    expect(seen[0]).toMatchObject({
      aibotid: BOT.botId,
      chatid: 'INC1warroom',
      chattype: 'group',
      from: { userid: 'alice' },
      msgtype: 'text',
      text: { content: '@bot why is checkout slow?' },
    });

    const second = await emulator.refreshBotStream('stream-1');
    expect(second.streamId).toBe('stream-1');
    expect(seen[1]).toMatchObject({
      msgtype: 'stream',
      stream: { id: 'stream-1' },
      chatid: 'INC1warroom',
    });

    const last = await emulator.refreshBotStream('stream-1');
    expect(last.streamId).toBeUndefined();
    expect(last.reply).toMatchObject({
      stream: { finish: true, content: 'Root cause: disk full' },
    });
    await expect(emulator.refreshBotStream('stream-1')).rejects.toThrow(
      /finished/,
    );
  });

  it('sends a video from a single chat as msgtype video with its encrypted URL (page 100719)', async () => {
    const videoUrl = emulator.hostMedia(Buffer.from('not really an mp4'));
    await emulator.sendBotMessage({ from: 'alice', videoUrl });
    expect(seen[0]).toMatchObject({
      chattype: 'single',
      from: { userid: 'alice' },
      msgtype: 'video',
      video: { url: videoUrl },
    });
  });

  it('sends the enter_chat event encrypted to the callback, without the long connection’s create_time', async () => {
    const result = await emulator.sendBotEvent({ from: 'alice' });
    expect(result.status).toBe(200);
    expect(seen[0]).toMatchObject({
      aibotid: BOT.botId,
      chattype: 'single',
      from: { userid: 'alice' },
      msgtype: 'event',
      event: { eventtype: 'enter_chat' },
    });
    expect(seen[0].msgid).toEqual(expect.any(String));
    expect(seen[0]).not.toHaveProperty('create_time');
  });

  it('stops refreshing a stream 6 minutes after the message', async () => {
    await emulator.sendBotMessage({ from: 'alice', text: 'hi' });
    emulator.advanceClock(6 * 60 + 1);
    await expect(emulator.refreshBotStream('stream-1')).rejects.toThrow(
      /6 minutes/,
    );
  });

  it('accepts one active reply through the message’s response_url', async () => {
    await emulator.sendBotMessage({ from: 'bob', text: 'hi' });
    const responseUrl: string = seen[0].response_url;
    expect(responseUrl.startsWith(emulator.url)).toBe(true);
    const post = () =>
      fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          msgtype: 'markdown',
          markdown: { content: 'done' },
        }),
      }).then(r => r.json());
    expect(await post()).toMatchObject({ errcode: 0 });
    expect((await post()).errcode).not.toBe(0);
    expect(emulator.state.bot.activeReplies).toEqual([
      expect.objectContaining({ botId: BOT.botId, inReplyTo: seen[0].msgid }),
    ]);
  });

  it('hosts media encrypted with the bot key (IV = first 16 key bytes, PKCS#7 to 32)', async () => {
    const original = Buffer.from('PNG… a screenshot of the latency graph');
    const url = emulator.hostMedia(original);
    await emulator.sendBotMessage({ from: 'alice', imageUrl: url });
    expect(seen[0]).toMatchObject({ msgtype: 'image', image: { url } });

    const encrypted = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(encrypted.length % 32).toBe(0);
    const key = Buffer.from(`${BOT.encodingAESKey}=`, 'base64');
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const padded = Buffer.concat([
      decipher.update(encrypted),
      decipher.final(),
    ]);
    const pad = padded[padded.length - 1];
    expect(pad).toBeGreaterThanOrEqual(1);
    expect(pad).toBeLessThanOrEqual(32);
    expect(padded.subarray(0, padded.length - pad)).toEqual(original);
  });
});
