import request from 'supertest';
import { ErrCode } from '../errcodes';
import {
  buttonCard,
  MAIN_APP,
  testEmulator,
  tokenFor,
} from '../__testUtils__/fixtures';
import type { WeComEmulator } from '../emulator';

describe('message/update_template_card', () => {
  let emulator: WeComEmulator;
  let token: string;

  const sendCard = async (taskId: string, touser = 'alice|bob') => {
    const res = await request(emulator.app)
      .post('/cgi-bin/message/send')
      .query({ access_token: token })
      .send({
        touser,
        msgtype: 'template_card',
        agentid: MAIN_APP.agentId,
        template_card: buttonCard(taskId),
      });
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
        template_card: {
          card_type: 'text_notice',
          main_title: { title: 'FYI' },
        },
      });
    expect(notice.body.errcode).toBe(0);
    expect(notice.body.response_code).toBeUndefined();
  });

  it('spends a response code once, updating the named members’ cards', async () => {
    const code = await sendCard('INC-2');
    const first = await update({
      userids: ['alice'],
      response_code: code,
      button: { replace_name: 'Processing' },
    });
    expect(first.body).toEqual({ errcode: 0, errmsg: 'ok', invaliduser: [] });
    const card = emulator.card('INC-2')!;
    expect(card.recipients.get('alice')).toMatchObject({
      replaceName: 'Processing',
      version: 2,
    });
    expect(card.recipients.get('bob')).toMatchObject({ version: 1 });
    expect(card.recipients.get('bob')!.replaceName).toBeUndefined();

    const again = await update({
      userids: ['bob'],
      response_code: code,
      button: { replace_name: 'Closed' },
    });
    expect(again.body.errcode).toBe(ErrCode.INVALID_RESPONSE_CODE);
    expect(card.recipients.get('bob')!.replaceName).toBeUndefined();
  });

  it('accepts a code just before 72 hours and refuses it after', async () => {
    const early = await sendCard('INC-3');
    const late = await sendCard('INC-4');
    emulator.advanceClock(72 * 3600);
    token = await tokenFor(emulator);
    expect(
      (
        await update({
          response_code: early,
          button: { replace_name: 'Closed' },
        })
      ).body.errcode,
    ).toBe(0);
    emulator.advanceClock(1);
    expect(
      (
        await update({
          response_code: late,
          button: { replace_name: 'Closed' },
        })
      ).body.errcode,
    ).toBe(ErrCode.INVALID_RESPONSE_CODE);
  });

  it('replaces the whole card for everyone with atall', async () => {
    const code = await sendCard('INC-5');
    const newCard = {
      ...buttonCard('INC-5'),
      main_title: { title: 'Resolved' },
    };
    await update({ atall: 1, response_code: code, template_card: newCard });
    for (const view of emulator.card('INC-5')!.recipients.values()) {
      expect(view.card).toEqual(newCard);
    }
  });

  it('refuses an unknown code', async () => {
    const res = await update({
      response_code: 'nope',
      button: { replace_name: 'x' },
    });
    expect(res.body.errcode).toBe(ErrCode.INVALID_RESPONSE_CODE);
  });
});
