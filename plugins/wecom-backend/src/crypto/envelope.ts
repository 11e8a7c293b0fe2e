import { z } from 'zod';
import { WeComCryptoError, WeComCryptoErrorCode } from './errors';
import type { WeComCrypto, WeComSignedMessage } from './WeComCrypto';
import { parseXmlSafely, renderXml } from './xml';

/**
 * The outer XML of a custom app callback:
 * `<xml><ToUserName/><Encrypt/><AgentID/></xml>`.
 *
 * @public
 */
export interface WeComXmlEnvelope {
  encrypt: string;
  toUserName?: string;
  agentId?: string;
}

/**
 * The JSON reply of the smart bot.
 *
 * @public
 */
export interface WeComJsonReply {
  encrypt: string;
  msgsignature: string;
  timestamp: string;
  nonce: string;
}

function envelopeError(reason: string): WeComCryptoError {
  return new WeComCryptoError(WeComCryptoErrorCode.ParseXmlError, reason);
}

const xmlEnvelopeSchema = z.object({
  xml: z.object({
    Encrypt: z.string().min(1),
    ToUserName: z.string().optional(),
    AgentID: z.string().optional(),
  }),
});

/**
 * Reads the encrypted payload out of a custom app callback body.
 *
 * @throws WeComCryptoError -40002 when the XML is malformed or has no Encrypt.
 * @public
 */
export function parseXmlEnvelope(xml: string): WeComXmlEnvelope {
  const parsed = xmlEnvelopeSchema.safeParse(parseXmlSafely(xml));
  if (!parsed.success) {
    throw envelopeError('XML envelope has no usable <xml><Encrypt>');
  }
  const { Encrypt, ToUserName, AgentID } = parsed.data.xml;
  return {
    encrypt: Encrypt,
    // WeCom sends empty elements where a field does not apply.
    ...(ToUserName ? { toUserName: ToUserName } : {}),
    ...(AgentID ? { agentId: AgentID } : {}),
  };
}

const UNIX_SECONDS = /^\d{1,20}$/;

/**
 * Builds the encrypted XML reply of a custom app callback.
 *
 * @throws WeComCryptoError -40011 when the timestamp is not unix seconds.
 * @public
 */
export function buildXmlReply(reply: WeComSignedMessage): string {
  if (!UNIX_SECONDS.test(reply.timestamp)) {
    throw new WeComCryptoError(
      WeComCryptoErrorCode.GenReturnXmlError,
      'reply timestamp must be unix seconds',
    );
  }
  return renderXml({
    xml: {
      Encrypt: { '#cdata': reply.encrypt },
      MsgSignature: { '#cdata': reply.signature },
      TimeStamp: reply.timestamp,
      Nonce: { '#cdata': reply.nonce },
    },
  });
}

const jsonEnvelopeSchema = z.object({ encrypt: z.string().min(1) });

/**
 * Reads the encrypted payload out of a smart bot callback body: the parsed
 * JSON object, or its raw text.
 *
 * @throws WeComCryptoError -40002 when the body is not `{"encrypt": "…"}`.
 * @public
 */
export function parseJsonEnvelope(body: unknown): { encrypt: string } {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      throw envelopeError('JSON envelope is not valid JSON');
    }
  }
  const parsed = jsonEnvelopeSchema.safeParse(value);
  if (!parsed.success) {
    throw envelopeError('JSON envelope has no usable "encrypt" string');
  }
  return { encrypt: parsed.data.encrypt };
}

/**
 * Builds the encrypted JSON reply of a smart bot callback. The timestamp
 * stays a string, as in WeCom's WXBizJsonMsgCrypt samples.
 *
 * @public
 */
export function buildJsonReply(reply: WeComSignedMessage): WeComJsonReply {
  return {
    encrypt: reply.encrypt,
    msgsignature: reply.signature,
    timestamp: reply.timestamp,
    nonce: reply.nonce,
  };
}

/**
 * Encrypts, signs and wraps an inner XML message (e.g. from `buildXml`) as a
 * custom app's passive reply.
 *
 * @public
 */
export function encryptXmlReply(
  crypto: WeComCrypto,
  innerXml: string,
  timestamp?: string,
  nonce?: string,
): string {
  return buildXmlReply(crypto.encryptAndSign(innerXml, timestamp, nonce));
}

/**
 * Encrypts, signs and wraps a JSON message as the smart bot's passive reply.
 *
 * @public
 */
export function encryptJsonReply(
  crypto: WeComCrypto,
  message: unknown,
  timestamp?: string,
  nonce?: string,
): WeComJsonReply {
  let json: string | undefined;
  try {
    json = JSON.stringify(message);
  } catch {
    json = undefined; // cycles and bigints
  }
  if (json === undefined) {
    throw new WeComCryptoError(
      WeComCryptoErrorCode.GenReturnXmlError,
      'reply message cannot be serialized to JSON',
    );
  }
  return buildJsonReply(crypto.encryptAndSign(json, timestamp, nonce));
}
