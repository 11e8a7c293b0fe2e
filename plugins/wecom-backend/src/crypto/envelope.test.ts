import fc from 'fast-check';
import { WeComCrypto } from './WeComCrypto';
import {
  buildJsonReply,
  buildXmlReply,
  encryptJsonReply,
  encryptXmlReply,
  parseJsonEnvelope,
  parseXmlEnvelope,
} from './envelope';
import { WeComCryptoErrorCode } from './errors';
import { buildXml, parseXmlSafely } from './xml';
import {
  OFFICIAL_VECTOR,
  arbitraryMessage,
  codeOf,
} from './__testUtils__/cryptoTestUtils';

const { ParseXmlError, GenReturnXmlError } = WeComCryptoErrorCode;

const appCrypto = new WeComCrypto({
  token: OFFICIAL_VECTOR.token,
  encodingAESKey: OFFICIAL_VECTOR.encodingAESKey,
  receiveId: 'ww0123456789abcdef',
});
const botCrypto = new WeComCrypto({
  token: 'bot-token',
  encodingAESKey: OFFICIAL_VECTOR.encodingAESKey,
  receiveId: '',
});

describe('XML envelope', () => {
  it('reads Encrypt, ToUserName and AgentID as strings', () => {
    const body =
      '<xml><ToUserName><![CDATA[ww0123456789abcdef]]></ToUserName><Encrypt><![CDATA[abc+/=]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>';
    expect(parseXmlEnvelope(body)).toEqual({
      encrypt: 'abc+/=',
      toUserName: 'ww0123456789abcdef',
      agentId: '1000002',
    });
  });

  it('leaves out empty optional fields', () => {
    expect(
      parseXmlEnvelope('<xml><Encrypt>abc</Encrypt><AgentID></AgentID></xml>'),
    ).toEqual({
      encrypt: 'abc',
    });
  });

  it.each([
    ['no Encrypt', '<xml><ToUserName>a</ToUserName></xml>'],
    ['an empty Encrypt', '<xml><Encrypt></Encrypt></xml>'],
    [
      'two Encrypt elements',
      '<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>',
    ],
    ['a nested Encrypt', '<xml><Encrypt><X>a</X></Encrypt></xml>'],
    ['another root', '<root><Encrypt>a</Encrypt></root>'],
    [
      'a DOCTYPE',
      '<!DOCTYPE xml [<!ENTITY e "a">]><xml><Encrypt>&e;</Encrypt></xml>',
    ],
    ['not XML', '{"encrypt":"a"}'],
  ])('refuses %s', (_, body) => {
    expect(codeOf(() => parseXmlEnvelope(body))).toBe(ParseXmlError);
  });

  it('builds the reply in the shape WeCom expects', () => {
    expect(
      buildXmlReply({
        encrypt: 'ENC',
        signature: 'SIG',
        timestamp: '1700000000',
        nonce: '12345',
      }),
    ).toBe(
      '<xml><Encrypt><![CDATA[ENC]]></Encrypt><MsgSignature><![CDATA[SIG]]></MsgSignature>' +
        '<TimeStamp>1700000000</TimeStamp><Nonce><![CDATA[12345]]></Nonce></xml>',
    );
  });

  it('refuses a reply timestamp that is not unix seconds', () => {
    expect(
      codeOf(() =>
        buildXmlReply({
          encrypt: 'E',
          signature: 'S',
          timestamp: '<x/>',
          nonce: 'N',
        }),
      ),
    ).toBe(GenReturnXmlError);
  });

  it('round-trips an encrypted passive reply', () => {
    fc.assert(
      fc.property(arbitraryMessage, content => {
        const inner = buildXml({
          ToUserName: 'zhangsan',
          CreateTime: 1700000000,
          MsgType: 'text',
          Content: content,
        });
        const reply = parseXmlSafely(
          encryptXmlReply(appCrypto, inner, '1700000000', 'n1'),
        ) as {
          xml: Record<string, string>;
        };
        const { Encrypt, MsgSignature, TimeStamp, Nonce } = reply.xml;
        expect(TimeStamp).toBe('1700000000');
        expect(Nonce).toBe('n1');
        expect(
          appCrypto.decryptAndVerify(MsgSignature, TimeStamp, Nonce, Encrypt),
        ).toBe(inner);
      }),
      { numRuns: 100 },
    );
  });
});

describe('JSON envelope', () => {
  it('reads encrypt from the parsed body or the raw text', () => {
    expect(parseJsonEnvelope({ encrypt: 'abc', other: 1 })).toEqual({
      encrypt: 'abc',
    });
    expect(parseJsonEnvelope('{"encrypt":"abc"}')).toEqual({ encrypt: 'abc' });
  });

  it.each([
    ['no encrypt', {}],
    ['an empty encrypt', { encrypt: '' }],
    ['a numeric encrypt', { encrypt: 12 }],
    ['an array', [{ encrypt: 'a' }]],
    ['null', null],
    ['a number', 42],
    ['invalid JSON text', '{"encrypt":'],
  ])('refuses %s', (_, body) => {
    expect(codeOf(() => parseJsonEnvelope(body))).toBe(ParseXmlError);
  });

  it('builds the reply with WeCom field names', () => {
    expect(
      buildJsonReply({
        encrypt: 'E',
        signature: 'S',
        timestamp: '1700000000',
        nonce: 'N',
      }),
    ).toEqual({
      encrypt: 'E',
      msgsignature: 'S',
      timestamp: '1700000000',
      nonce: 'N',
    });
  });

  it('round-trips an encrypted bot reply', () => {
    const message = {
      msgtype: 'stream',
      stream: { id: 's1', finish: false, content: '处理中…' },
    };
    const reply = encryptJsonReply(botCrypto, message);
    expect(
      JSON.parse(
        botCrypto.decryptAndVerify(
          reply.msgsignature,
          reply.timestamp,
          reply.nonce,
          reply.encrypt,
        ),
      ),
    ).toEqual(message);
    expect(parseJsonEnvelope(JSON.parse(JSON.stringify(reply)))).toEqual({
      encrypt: reply.encrypt,
    });
  });

  it('refuses a reply that cannot be JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(codeOf(() => encryptJsonReply(botCrypto, cyclic))).toBe(
      GenReturnXmlError,
    );
    expect(codeOf(() => encryptJsonReply(botCrypto, undefined))).toBe(
      GenReturnXmlError,
    );
  });
});
