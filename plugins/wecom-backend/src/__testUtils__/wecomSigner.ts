import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { DateTime } from 'luxon';

/**
 * Builds callbacks the way WeCom does, with WeCom's own library, so our
 * crypto is checked against an independent implementation.
 */
export class WeComSigner {
  constructor(
    private readonly token: string,
    private readonly encodingAESKey: string,
    private readonly receiveId: string,
  ) {}

  query(encrypted: string, timestamp = nowSeconds(), nonce = '1234567890') {
    return {
      msg_signature: getSignature(this.token, timestamp, nonce, encrypted),
      timestamp,
      nonce,
    };
  }

  /** `GET ?msg_signature&timestamp&nonce&echostr` for URL verification. */
  urlVerification(echo: string, timestamp?: string) {
    const echostr = encrypt(this.encodingAESKey, echo, this.receiveId);
    return { ...this.query(echostr, timestamp), echostr };
  }

  /** A custom-app POST: the signed query and the XML envelope. */
  xmlCallback(innerXml: string, timestamp?: string) {
    const encrypted = encrypt(this.encodingAESKey, innerXml, this.receiveId);
    return {
      query: this.query(encrypted, timestamp),
      body: `<xml><ToUserName><![CDATA[${this.receiveId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`,
    };
  }

  /** A smart-bot POST: the signed query and the JSON envelope. */
  jsonCallback(message: object, timestamp?: string) {
    const encrypted = encrypt(
      this.encodingAESKey,
      JSON.stringify(message),
      this.receiveId,
    );
    return {
      query: this.query(encrypted, timestamp),
      body: JSON.stringify({ encrypt: encrypted }),
    };
  }

  /** Opens an encrypted reply and checks its signature. */
  openReply(reply: {
    encrypt: string;
    msgsignature: string;
    timestamp: string | number;
    nonce: string;
  }) {
    const expected = getSignature(
      this.token,
      String(reply.timestamp),
      reply.nonce,
      reply.encrypt,
    );
    if (expected !== reply.msgsignature) {
      throw new Error('Reply signature does not verify');
    }
    return decrypt(this.encodingAESKey, reply.encrypt);
  }
}

function nowSeconds() {
  return String(Math.floor(DateTime.utc().toSeconds()));
}

/**
 * A click as WeCom sends it: `template_card_event` for a card button, or
 * `template_card_menu_event` for a ⋯ menu entry (page 90240).
 */
export function cardClickXml(options: {
  corpId: string;
  userId: string;
  taskId: string;
  eventKey: string;
  responseCode: string;
  createTime?: number;
  event?: 'template_card_event' | 'template_card_menu_event';
}) {
  const createTime = options.createTime ?? Math.floor(Date.now() / 1000);
  const event = options.event ?? 'template_card_event';
  return `<xml><ToUserName><![CDATA[${options.corpId}]]></ToUserName><FromUserName><![CDATA[${options.userId}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event><EventKey><![CDATA[${options.eventKey}]]></EventKey><TaskId><![CDATA[${options.taskId}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${options.responseCode}]]></ResponseCode><AgentID>1000002</AgentID></xml>`;
}
