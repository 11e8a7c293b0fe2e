import request from 'supertest';
import { ErrCode } from '../errcodes';
import {
  buttonCard,
  MAIN_APP,
  testEmulator,
  tokenFor,
} from '../__testUtils__/fixtures';
import type { WeComEmulator } from '../emulator';

describe('message/send', () => {
  let emulator: WeComEmulator;
  let token: string;
  const send = (body: object) =>
    request(emulator.app)
      .post('/cgi-bin/message/send')
      .query({ access_token: token })
      .send(body);

  beforeEach(async () => {
    emulator = testEmulator({ rateLimits: {} });
    token = await tokenFor(emulator);
  });

  it('delivers a text message to each member and reports unknown ones in invaliduser', async () => {
    const res = await send({
      touser: 'alice|bob|ghost',
      msgtype: 'text',
      agentid: MAIN_APP.agentId,
      text: { content: 'P1 incident' },
    });
    expect(res.body).toMatchObject({
      errcode: 0,
      invaliduser: 'ghost',
      msgid: expect.any(String),
    });
    expect(emulator.messagesTo('alice')).toEqual([
      expect.objectContaining({
        msgtype: 'text',
        content: { content: 'P1 incident' },
      }),
    ]);
    expect(emulator.messagesTo('bob')).toHaveLength(1);
    expect(emulator.messagesTo('carol')).toHaveLength(0);
  });

  it('answers 81013 when no recipient is valid', async () => {
    const res = await send({
      touser: 'ghost',
      msgtype: 'text',
      agentid: MAIN_APP.agentId,
      text: { content: 'x' },
    });
    expect(res.body).toMatchObject({
      errcode: ErrCode.ALL_RECIPIENTS_INVALID,
      invaliduser: 'ghost',
    });
  });

  it('refuses more than 1000 members in touser and delivers nothing', async () => {
    const touser = [
      'alice',
      ...Array.from({ length: 1000 }, (_, i) => `u${i}`),
    ].join('|');
    const res = await send({
      touser,
      msgtype: 'text',
      agentid: MAIN_APP.agentId,
      text: { content: 'x' },
    });
    expect(res.body.errcode).toBe(ErrCode.INVALID_PARAMETER);
    expect(emulator.messagesTo('alice')).toHaveLength(0);
  });

  it('accepts exactly 1000 members', async () => {
    const touser = [
      'alice',
      ...Array.from({ length: 999 }, (_, i) => `u${i}`),
    ].join('|');
    const res = await send({
      touser,
      msgtype: 'text',
      agentid: MAIN_APP.agentId,
      text: { content: 'x' },
    });
    expect(res.body.errcode).toBe(0);
    expect(res.body.invaliduser.split('|')).toHaveLength(999);
  });

  it('rejects an agentid that is not the token’s app', async () => {
    const res = await send({
      touser: 'alice',
      msgtype: 'text',
      agentid: 42,
      text: { content: 'x' },
    });
    expect(res.body.errcode).toBe(ErrCode.INVALID_AGENTID);
  });

  it('does not deliver identical JSON again within the duplicate-check window', async () => {
    const body = {
      touser: 'alice',
      msgtype: 'template_card',
      agentid: MAIN_APP.agentId,
      template_card: buttonCard('INC-1-r1'),
      enable_duplicate_check: 1,
      duplicate_check_interval: 600,
    };
    const first = await send(body);
    const retry = await send(body);
    expect(retry.body).toMatchObject({ errcode: 0, msgid: first.body.msgid });
    expect(emulator.cardsDeliveredTo('alice')).toHaveLength(1);

    emulator.advanceClock(600);
    const late = await send(body);
    // Outside the window it is a new send, and task ids are unique per app.
    expect(late.body.errcode).toBe(ErrCode.INVALID_PARAMETER);
    expect(emulator.cardsDeliveredTo('alice')).toHaveLength(1);
  });

  it('delivers again when duplicate check is off', async () => {
    const body = {
      touser: 'alice',
      msgtype: 'text',
      agentid: MAIN_APP.agentId,
      text: { content: 'x' },
    };
    await send(body);
    await send(body);
    expect(emulator.messagesTo('alice')).toHaveLength(2);
  });

  it('caps the duplicate-check window at 4 hours', async () => {
    const body = {
      touser: 'alice',
      msgtype: 'text',
      agentid: MAIN_APP.agentId,
      text: { content: 'x' },
      enable_duplicate_check: 1,
      duplicate_check_interval: 86400,
    };
    await send(body);
    emulator.advanceClock(4 * 3600);
    token = await tokenFor(emulator); // the first one expired after 2 hours
    await send(body);
    expect(emulator.messagesTo('alice')).toHaveLength(2);
  });

  it('records the card’s task_id per recipient so exactly-once can be asserted', async () => {
    await send({
      touser: 'alice|bob',
      msgtype: 'template_card',
      agentid: MAIN_APP.agentId,
      template_card: buttonCard('INC-7'),
    });
    for (const userid of ['alice', 'bob']) {
      expect(emulator.cardsDeliveredTo(userid).map(m => m.taskId)).toEqual([
        'INC-7',
      ]);
    }
    expect([...emulator.card('INC-7')!.recipients.keys()]).toEqual([
      'alice',
      'bob',
    ]);
  });

  // WeCom drops a member's messages over 30 a minute or 1,000 an hour per
  // app without an error ("超过部分会被丢弃不下发", pages 90312/90454).
  it('silently drops, and records, messages to a member over the minute budget', async () => {
    emulator = testEmulator({ rateLimits: { perUserPerMinute: 2 } });
    token = await tokenFor(emulator);
    const body = {
      touser: 'alice',
      msgtype: 'text',
      agentid: MAIN_APP.agentId,
      text: { content: 'x' },
    };
    expect((await send(body)).body.errcode).toBe(0);
    expect((await send(body)).body.errcode).toBe(0);
    expect((await send({ ...body, touser: 'alice|bob' })).body).toMatchObject({
      errcode: 0,
      invaliduser: '',
    });
    expect(emulator.messagesTo('alice')).toHaveLength(2);
    expect(emulator.messagesTo('bob')).toHaveLength(1);
    expect(emulator.droppedMessagesTo('alice')).toEqual([
      expect.objectContaining({ userid: 'alice', reason: 'perUserPerMinute' }),
    ]);
    emulator.advanceClock(60);
    expect((await send(body)).body.errcode).toBe(0);
    expect(emulator.messagesTo('alice')).toHaveLength(3);
  });

  it('silently drops messages to a member over the hour budget until the next hour', async () => {
    emulator = testEmulator({
      rateLimits: { perUserPerMinute: 30, perUserPerHour: 3 },
    });
    token = await tokenFor(emulator);
    const body = {
      touser: 'alice',
      msgtype: 'text',
      agentid: MAIN_APP.agentId,
      text: { content: 'x' },
    };
    for (let i = 0; i < 3; i++) {
      expect((await send(body)).body.errcode).toBe(0);
      emulator.advanceClock(60);
    }
    expect((await send(body)).body.errcode).toBe(0);
    expect(emulator.messagesTo('alice')).toHaveLength(3);
    expect(emulator.droppedMessagesTo('alice')).toEqual([
      expect.objectContaining({ reason: 'perUserPerHour' }),
    ]);
    expect(emulator.summary().messagesDropped).toBe(1);
    emulator.advanceClock(3600);
    expect((await send(body)).body.errcode).toBe(0);
    expect(emulator.messagesTo('alice')).toHaveLength(4);
  });
});
