import { mockServices } from '@backstage/backend-test-utils';
import type { WsFrame } from '@wecom/aibot-node-sdk';
import { MAX_STREAM_BYTES } from '../fitStreamContent';
import { WebSocketAnswerSink } from './WebSocketAnswerSink';

const frame: WsFrame = {
  cmd: 'aibot_msg_callback',
  headers: { req_id: 'req-1' },
  body: {},
};

/** A client whose acks the test hands out one by one. */
function manualClient() {
  const sent: Array<{ content: string; finish: boolean; streamId: string }> =
    [];
  const acks: Array<(ok: boolean) => void> = [];
  return {
    sent,
    ackNext: async (ok = true) => {
      acks.shift()!(ok);
      // Let the sink react to the ack.
      await new Promise(resolve => setImmediate(resolve));
    },
    client: {
      replyStream: (
        _frame: unknown,
        streamId: string,
        content: string,
        finish?: boolean,
      ) => {
        sent.push({ content, finish: Boolean(finish), streamId });
        return new Promise<any>((resolve, reject) =>
          acks.push(ok => (ok ? resolve({}) : reject({ errcode: 40058 }))),
        );
      },
    },
  };
}

describe('WebSocketAnswerSink', () => {
  const logger = mockServices.logger.mock();

  it('sends the first update at once, collapses those made while WeCom has not acked, and ends with the final one', async () => {
    const { client, sent, ackNext } = manualClient();
    const sink = new WebSocketAnswerSink({
      client,
      frame,
      throttleMs: 0,
      logger,
    });

    await sink.update('Checking', false);
    await sink.update('Checking the', false);
    await sink.update('Checking the logs', false);
    expect(sent.map(s => s.content)).toEqual(['Checking']);

    await ackNext();
    expect(sent.map(s => s.content)).toEqual(['Checking', 'Checking the logs']);

    const final = sink.update('Disk full on db-1.', true);
    await ackNext();
    await new Promise(resolve => setImmediate(resolve));
    expect(sent.at(-1)).toMatchObject({
      content: 'Disk full on db-1.',
      finish: true,
    });
    await ackNext();
    await final;

    await sink.update('too late', false);
    expect(sent.map(s => [s.content, s.finish])).toEqual([
      ['Checking', false],
      ['Checking the logs', false],
      ['Disk full on db-1.', true],
    ]);
    expect(new Set(sent.map(s => s.streamId))).toEqual(
      new Set([sink.streamId]),
    );
  });

  it('sends the final update without waiting out the throttle', async () => {
    const { client, sent, ackNext } = manualClient();
    const sink = new WebSocketAnswerSink({
      client,
      frame,
      throttleMs: 60 * 60 * 1000,
      logger,
    });
    await sink.update('one', false);
    await ackNext();
    await sink.update('one two', false);

    const final = sink.update('one two three', true);
    await new Promise(resolve => setImmediate(resolve));
    await ackNext();
    await final;

    expect(sent.map(s => [s.content, s.finish])).toEqual([
      ['one', false],
      ['one two three', true],
    ]);
  });

  it('hands a final answer WeCom refused to onFinalFailed, without throwing', async () => {
    const { client, ackNext } = manualClient();
    const delivered: string[] = [];
    const sink = new WebSocketAnswerSink({
      client,
      frame,
      throttleMs: 0,
      logger,
      onFinalFailed: async content => {
        delivered.push(content);
      },
    });
    const final = sink.update('The answer.', true);
    await new Promise(resolve => setImmediate(resolve));
    await ackNext(false);
    await final;
    expect(delivered).toEqual(['The answer.']);
  });

  it('cuts content to what WeCom shows', async () => {
    const { client, sent, ackNext } = manualClient();
    const sink = new WebSocketAnswerSink({
      client,
      frame,
      throttleMs: 0,
      logger,
    });
    const final = sink.update('故障'.repeat(MAX_STREAM_BYTES), true);
    await new Promise(resolve => setImmediate(resolve));
    await ackNext();
    await final;
    expect(Buffer.byteLength(sent[0].content, 'utf8')).toBeLessThanOrEqual(
      MAX_STREAM_BYTES,
    );
    expect(sent[0].content).toMatch(/^(故障)+故?\n\n…/);
  });
});
