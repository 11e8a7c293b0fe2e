import request from 'supertest';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import type { WeComEmulator } from '../emulator';
import { ErrCode } from '../errcodes';
import {
  buttonCard,
  CALLBACK,
  CORP_ID,
  MAIN_APP,
  testCorp,
  testEmulator,
  tokenFor,
} from '../__testUtils__/fixtures';
import {
  startReceiver,
  type ReceivedCallback,
} from '../__testUtils__/receiver';

/** What a correct receiver does: check the signature with WeCom's library, then decrypt. */
function openEnvelope(callback: ReceivedCallback, encrypted: string) {
  const { msg_signature, timestamp, nonce } = callback.query;
  expect(getSignature(CALLBACK.token, timestamp, nonce, encrypted)).toBe(
    msg_signature,
  );
  return decrypt(CALLBACK.encodingAESKey, encrypted);
}

function xmlField(xml: string, name: string): string | undefined {
  return new RegExp(
    `<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`,
  )
    .exec(xml)
    ?.slice(1)
    .find(v => v !== undefined);
}

describe('app callbacks', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let emulator: WeComEmulator;
  let reply: (r: ReceivedCallback) => {
    status?: number;
    body: string;
    type?: string;
  };

  beforeEach(async () => {
    reply = () => ({ body: 'success' });
    receiver = await startReceiver(r => reply(r));
    const corp = testCorp();
    corp.apps[0].callback = { url: receiver.url, ...CALLBACK };
    emulator = testEmulator({ corps: [corp] });
  });

  afterEach(() => receiver.close());

  it('verifies the callback URL with a signed, encrypted echostr', async () => {
    reply = r => {
      const { message } = openEnvelope(r, r.query.echostr);
      return { body: message };
    };
    const result = await emulator.verifyCallbackUrl(CORP_ID, MAIN_APP.agentId);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.body).toBe(result.expected);
    expect(receiver.received[0].method).toBe('GET');
    expect(
      decrypt(CALLBACK.encodingAESKey, receiver.received[0].query.echostr).id,
    ).toBe(CORP_ID);
  });

  it('reports a receiver that answers the wrong echo', async () => {
    reply = () => ({ body: 'hello' });
    const result = await emulator.verifyCallbackUrl();
    expect(result.ok).toBe(false);
  });

  describe('card clicks', () => {
    let sendCode: string;
    beforeEach(async () => {
      const token = await tokenFor(emulator);
      const res = await request(emulator.app)
        .post('/cgi-bin/message/send')
        .query({ access_token: token })
        .send({
          touser: 'alice|bob',
          msgtype: 'template_card',
          agentid: MAIN_APP.agentId,
          template_card: buttonCard('INC-1'),
        });
      sendCode = res.body.response_code;
    });

    it('POSTs a signed, encrypted template_card_event carrying a fresh response code', async () => {
      const result = await emulator.clickCard({
        userid: 'alice',
        taskId: 'INC-1',
        eventKey: 'ack',
      });
      expect(result.status).toBe(200);
      expect(result.responseCode).not.toBe(sendCode);

      const [callback] = receiver.received;
      expect(callback.method).toBe('POST');
      expect(xmlField(callback.body, 'ToUserName')).toBe(CORP_ID);
      expect(xmlField(callback.body, 'AgentID')).toBe(String(MAIN_APP.agentId));
      const { message, id } = openEnvelope(
        callback,
        xmlField(callback.body, 'Encrypt')!,
      );
      expect(id).toBe(CORP_ID);
      expect({
        to: xmlField(message, 'ToUserName'),
        from: xmlField(message, 'FromUserName'),
        createTime: xmlField(message, 'CreateTime'),
        msgType: xmlField(message, 'MsgType'),
        event: xmlField(message, 'Event'),
        eventKey: xmlField(message, 'EventKey'),
        taskId: xmlField(message, 'TaskId'),
        cardType: xmlField(message, 'CardType'),
        responseCode: xmlField(message, 'ResponseCode'),
        agentId: xmlField(message, 'AgentID'),
      }).toEqual({
        to: CORP_ID,
        from: 'alice',
        createTime: String(Date.parse('2025-01-06T09:00:00Z') / 1000),
        msgType: 'event',
        event: 'template_card_event',
        eventKey: 'ack',
        taskId: 'INC-1',
        cardType: 'button_interaction',
        responseCode: result.responseCode,
        agentId: String(MAIN_APP.agentId),
      });
    });

    it('sends a click on a ⋯ menu entry as template_card_menu_event, without SelectedItems (page 90240)', async () => {
      const token = await tokenFor(emulator);
      await request(emulator.app)
        .post('/cgi-bin/message/send')
        .query({ access_token: token })
        .send({
          touser: 'alice',
          msgtype: 'template_card',
          agentid: MAIN_APP.agentId,
          template_card: {
            ...buttonCard('INC-2'),
            action_menu: {
              desc: 'More',
              action_list: [{ text: 'Snooze 1h', key: 'snooze_1h' }],
            },
          },
        })
        .expect(200);

      const menu = await emulator.clickCard({
        userid: 'alice',
        taskId: 'INC-2',
        eventKey: 'snooze_1h',
      });
      const button = await emulator.clickCard({
        userid: 'alice',
        taskId: 'INC-2',
        eventKey: 'ack',
      });

      const opened = receiver.received.map(
        r => openEnvelope(r, xmlField(r.body, 'Encrypt')!).message,
      );
      expect(
        opened.map(m => ({
          event: xmlField(m, 'Event'),
          eventKey: xmlField(m, 'EventKey'),
          taskId: xmlField(m, 'TaskId'),
          responseCode: xmlField(m, 'ResponseCode'),
          hasSelectedItems: m.includes('<SelectedItems>'),
        })),
      ).toEqual([
        {
          event: 'template_card_menu_event',
          eventKey: 'snooze_1h',
          taskId: 'INC-2',
          responseCode: menu.responseCode,
          hasSelectedItems: false,
        },
        {
          event: 'template_card_event',
          eventKey: 'ack',
          taskId: 'INC-2',
          responseCode: button.responseCode,
          hasSelectedItems: false,
        },
      ]);
    });

    it('gives each click its own code, which updates the clicker’s card once', async () => {
      const { responseCode } = await emulator.clickCard({
        userid: 'alice',
        taskId: 'INC-1',
        eventKey: 'ack',
      });
      const token = await tokenFor(emulator);
      const update = () =>
        request(emulator.app)
          .post('/cgi-bin/message/update_template_card')
          .query({ access_token: token })
          .send({
            agentid: MAIN_APP.agentId,
            response_code: responseCode,
            button: { replace_name: 'Processing' },
          });
      expect((await update()).body.errcode).toBe(0);
      expect((await update()).body.errcode).toBe(ErrCode.INVALID_RESPONSE_CODE);
      const card = emulator.card('INC-1')!;
      expect(card.recipients.get('alice')!.replaceName).toBe('Processing');
      expect(card.recipients.get('bob')!.replaceName).toBeUndefined();
      // The send's own code is still unspent.
      expect(emulator.state.cards.code(sendCode)!.usedAt).toBeUndefined();
    });

    it('refuses clicks that a member could not make', async () => {
      await expect(
        emulator.clickCard({
          userid: 'carol',
          taskId: 'INC-1',
          eventKey: 'ack',
        }),
      ).rejects.toThrow(/did not receive/);
      await expect(
        emulator.clickCard({
          userid: 'alice',
          taskId: 'INC-1',
          eventKey: 'snooze',
        }),
      ).rejects.toThrow(/no button "snooze"/);
      await expect(
        emulator.clickCard({
          userid: 'alice',
          taskId: 'INC-404',
          eventKey: 'ack',
        }),
      ).rejects.toThrow(/No card/);
      expect(receiver.received).toHaveLength(0);
    });

    it('clicks through the control API as the browser page does', async () => {
      const res = await request(emulator.app)
        .post('/_emulator/cards/click')
        .send({ userid: 'bob', taskId: 'INC-1', eventKey: 'close' })
        .expect(200);
      expect(res.body).toMatchObject({
        status: 200,
        body: 'success',
        responseCode: expect.any(String),
      });
      expect(emulator.card('INC-1')!.events.map(e => e.type)).toEqual([
        'sent',
        'click',
      ]);
    });
  });

  it('delivers a text message and opens an encrypted reply', async () => {
    reply = r => {
      const inner = openEnvelope(r, xmlField(r.body, 'Encrypt')!).message;
      expect(xmlField(inner, 'Content')).toBe('status INC-1');
      const answer = `<xml><ToUserName><![CDATA[bob]]></ToUserName><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[INC-1 is open]]></Content></xml>`;
      const encrypted = encrypt(CALLBACK.encodingAESKey, answer, CORP_ID);
      const signature = getSignature(
        CALLBACK.token,
        '1736154000',
        '42',
        encrypted,
      );
      return {
        type: 'text/xml',
        body: `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>1736154000</TimeStamp><Nonce><![CDATA[42]]></Nonce></xml>`,
      };
    };
    const result = await emulator.sendAppMessage({
      from: 'bob',
      content: 'status INC-1',
    });
    expect(result.replySignatureValid).toBe(true);
    expect(xmlField(result.reply!, 'Content')).toBe('INC-1 is open');
  });

  it('pushes the suite_ticket to a suite callback, encrypted for the suite id', async () => {
    const corp = testCorp({
      suites: [
        {
          suiteId: 'wwsuite01',
          suiteSecret: 's',
          suiteTicket: 'ticket-9',
          permanentCode: 'p',
          callback: { url: receiver.url, ...CALLBACK },
        },
      ],
    });
    emulator = testEmulator({ corps: [corp] });
    await emulator.pushSuiteTicket('wwsuite01');
    const [callback] = receiver.received;
    const { message, id } = openEnvelope(
      callback,
      xmlField(callback.body, 'Encrypt')!,
    );
    expect(id).toBe('wwsuite01');
    expect(xmlField(message, 'InfoType')).toBe('suite_ticket');
    expect(xmlField(message, 'SuiteTicket')).toBe('ticket-9');
  });

  it('pushes create_auth with an auth code that get_permanent_code takes once', async () => {
    const corp = testCorp({
      suites: [
        {
          suiteId: 'wwsuite01',
          suiteSecret: 's',
          suiteTicket: 'ticket-9',
          permanentCode: 'perm-9',
          callback: { url: receiver.url, ...CALLBACK },
        },
      ],
    });
    emulator = testEmulator({ corps: [corp] });
    const pushed = await request(emulator.app)
      .post('/_emulator/suites/create-auth')
      .send({ suiteId: 'wwsuite01' });
    expect(pushed.status).toBe(200);
    const [callback] = receiver.received;
    const { message, id } = openEnvelope(
      callback,
      xmlField(callback.body, 'Encrypt')!,
    );
    expect(id).toBe('wwsuite01');
    expect(xmlField(message, 'InfoType')).toBe('create_auth');
    expect(xmlField(message, 'SuiteId')).toBe('wwsuite01');
    const authCode = xmlField(message, 'AuthCode')!;

    const suiteToken = (
      await request(emulator.app)
        .post('/cgi-bin/service/get_suite_token')
        .send({
          suite_id: 'wwsuite01',
          suite_secret: 's',
          suite_ticket: 'ticket-9',
        })
    ).body.suite_access_token;
    const redeem = () =>
      request(emulator.app)
        .post('/cgi-bin/service/get_permanent_code')
        .query({ suite_access_token: suiteToken })
        .send({ auth_code: authCode });
    expect((await redeem()).body).toMatchObject({
      errcode: 0,
      permanent_code: 'perm-9',
    });
    expect((await redeem()).body.errcode).not.toBe(0);

    const unknown = await request(emulator.app)
      .post('/_emulator/suites/create-auth')
      .send({ suiteId: 'wwnosuite' });
    expect(unknown.status).toBe(400);
  });
});
