import request from 'supertest';
import { ErrCode } from '../errcodes';
import { buttonCard, MAIN_APP, testEmulator, tokenFor } from '../testing/fixtures';
import type { WeComEmulator } from '../emulator';

describe('message/send', () => {
  let emulator: WeComEmulator;
  let token: string;
  const send = (body: object) =>
    request(emulator.app).post('/cgi-bin/message/send').query({ access_token: token }).send(body);

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
    expect(res.body).toMatchObject({ errcode: 0, invaliduser: 'ghost', msgid: expect.any(String) });
    expect(emulator.messagesTo('alice')).toEqual([
      expect.objectContaining({ msgtype: 'text', content: { content: 'P1 incident' } }),
    ]);
    expect(emulator.messagesTo('bob')).toHaveLength(1);
    expect(emulator.messagesTo('carol')).toHaveLength(0);
  });

  it('answers 81013 when no recipient is valid', async () => {
    const res = await send({ touser: 'ghost', msgtype: 'text', agentid: MAIN_APP.agentId, text: { content: 'x' } });
    expect(res.body).toMatchObject({ errcode: ErrCode.ALL_RECIPIENTS_INVALID, invaliduser: 'ghost' });
  });

  it('refuses more than 1000 members in touser and delivers nothing', async () => {
    const touser = ['alice', ...Array.from({ length: 1000 }, (_, i) => `u${i}`)].join('|');
    const res = await send({ touser, msgtype: 'text', agentid: MAIN_APP.agentId, text: { content: 'x' } });
    expect(res.body.errcode).toBe(ErrCode.INVALID_PARAMETER);
    expect(emulator.messagesTo('alice')).toHaveLength(0);
  });

  it('accepts exactly 1000 members', async () => {
    const touser = ['alice', ...Array.from({ length: 999 }, (_, i) => `u${i}`)].join('|');
    const res = await send({ touser, msgtype: 'text', agentid: MAIN_APP.agentId, text: { content: 'x' } });
    expect(res.body.errcode).toBe(0);
    expect(res.body.invaliduser.split('|')).toHaveLength(999);
  });

  it('rejects an agentid that is not the token’s app', async () => {
    const res = await send({ touser: 'alice', msgtype: 'text', agentid: 42, text: { content: 'x' } });
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
    const body = { touser: 'alice', msgtype: 'text', agentid: MAIN_APP.agentId, text: { content: 'x' } };
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
      expect(emulator.cardsDeliveredTo(userid).map(m => m.taskId)).toEqual(['INC-7']);
    }
    expect([...emulator.card('INC-7')!.recipients.keys()]).toEqual(['alice', 'bob']);
  });

  it('answers 45009 once a member got the configured number of messages this minute', async () => {
    emulator = testEmulator({ rateLimits: { perUserPerMinute: 2 } });
    token = await tokenFor(emulator);
    const body = { touser: 'alice', msgtype: 'text', agentid: MAIN_APP.agentId, text: { content: 'x' } };
    expect((await send(body)).body.errcode).toBe(0);
    expect((await send(body)).body.errcode).toBe(0);
    expect((await send(body)).body.errcode).toBe(ErrCode.API_FREQ_OUT_OF_LIMIT);
    expect((await send({ ...body, touser: 'bob' })).body.errcode).toBe(0);
    emulator.advanceClock(60);
    expect((await send(body)).body.errcode).toBe(0);
    expect(emulator.messagesTo('alice')).toHaveLength(3);
  });
});

describe('message/update_template_card', () => {
  let emulator: WeComEmulator;
  let token: string;

  const sendCard = async (taskId: string, touser = 'alice|bob') => {
    const res = await request(emulator.app)
      .post('/cgi-bin/message/send')
      .query({ access_token: token })
      .send({ touser, msgtype: 'template_card', agentid: MAIN_APP.agentId, template_card: buttonCard(taskId) });
    return res.body.response_code as string;
  };
  const update = (body: object) =>
    request(emulator.app)
      .post('/cgi-bin/message/update_template_card')
      .query({ access_token: token })
      .send({ agentid: MAIN_APP.agentId, ...body });

  beforeEach(async () => {
    emulator = testEmulator();
    token = await tokenFor(emulator);
  });

  it('returns a response_code for a button_interaction card, not for a text_notice', async () => {
    expect(await sendCard('INC-1')).toEqual(expect.any(String));
    const notice = await request(emulator.app)
      .post('/cgi-bin/message/send')
      .query({ access_token: token })
      .send({
        touser: 'alice',
        msgtype: 'template_card',
        agentid: MAIN_APP.agentId,
        template_card: { card_type: 'text_notice', main_title: { title: 'FYI' } },
      });
    expect(notice.body.errcode).toBe(0);
    expect(notice.body.response_code).toBeUndefined();
  });

  it('spends a response code once, updating the named members’ cards', async () => {
    const code = await sendCard('INC-2');
    const first = await update({ userids: ['alice'], response_code: code, button: { replace_name: 'Processing' } });
    expect(first.body).toEqual({ errcode: 0, errmsg: 'ok', invaliduser: [] });
    const card = emulator.card('INC-2')!;
    expect(card.recipients.get('alice')).toMatchObject({ replaceName: 'Processing', version: 2 });
    expect(card.recipients.get('bob')).toMatchObject({ version: 1 });
    expect(card.recipients.get('bob')!.replaceName).toBeUndefined();

    const again = await update({ userids: ['bob'], response_code: code, button: { replace_name: 'Closed' } });
    expect(again.body.errcode).toBe(ErrCode.INVALID_RESPONSE_CODE);
    expect(card.recipients.get('bob')!.replaceName).toBeUndefined();
  });

  it('accepts a code just before 72 hours and refuses it after', async () => {
    const early = await sendCard('INC-3');
    const late = await sendCard('INC-4');
    emulator.advanceClock(72 * 3600);
    token = await tokenFor(emulator);
    expect((await update({ response_code: early, button: { replace_name: 'Closed' } })).body.errcode).toBe(0);
    emulator.advanceClock(1);
    expect((await update({ response_code: late, button: { replace_name: 'Closed' } })).body.errcode).toBe(
      ErrCode.INVALID_RESPONSE_CODE,
    );
  });

  it('replaces the whole card for everyone with atall', async () => {
    const code = await sendCard('INC-5');
    const newCard = { ...buttonCard('INC-5'), main_title: { title: 'Resolved' } };
    await update({ atall: 1, response_code: code, template_card: newCard });
    for (const view of emulator.card('INC-5')!.recipients.values()) {
      expect(view.card).toEqual(newCard);
    }
  });

  it('refuses an unknown code', async () => {
    const res = await update({ response_code: 'nope', button: { replace_name: 'x' } });
    expect(res.body.errcode).toBe(ErrCode.INVALID_RESPONSE_CODE);
  });
});
