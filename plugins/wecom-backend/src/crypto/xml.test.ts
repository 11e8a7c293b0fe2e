import fc from 'fast-check';
import { WeComCryptoErrorCode } from './errors';
import { buildXml, parseXmlSafely } from './xml';
import { codeOf, outcomeOf } from './__testUtils__/cryptoTestUtils';

const { ParseXmlError, GenReturnXmlError } = WeComCryptoErrorCode;

const inboundText = `<xml>
  <ToUserName><![CDATA[ww0123456789abcdef]]></ToUserName>
  <FromUserName><![CDATA[zhangsan]]></FromUserName>
  <CreateTime>1700000000</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[  ack <b>INC-42</b> & 你好 ]]></Content>
  <MsgId>00012345678901234567890</MsgId>
  <AgentID>1000002</AgentID>
</xml>`;

describe('parseXmlSafely', () => {
  it('returns CDATA as plain, untrimmed strings and numbers as strings', () => {
    expect(parseXmlSafely(inboundText)).toEqual({
      xml: {
        ToUserName: 'ww0123456789abcdef',
        FromUserName: 'zhangsan',
        CreateTime: '1700000000',
        MsgType: 'text',
        Content: '  ack <b>INC-42</b> & 你好 ',
        MsgId: '00012345678901234567890',
        AgentID: '1000002',
      },
    });
  });

  it('keeps nested and repeated elements', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><xml><SelectedItems><SelectedItem><QuestionKey><![CDATA[q1]]></QuestionKey></SelectedItem><SelectedItem><QuestionKey><![CDATA[q2]]></QuestionKey></SelectedItem></SelectedItems><Empty></Empty></xml>';
    expect(parseXmlSafely(xml)).toEqual({
      xml: {
        SelectedItems: {
          SelectedItem: [{ QuestionKey: 'q1' }, { QuestionKey: 'q2' }],
        },
        Empty: '',
      },
    });
  });

  it('does not expand entity references', () => {
    expect(parseXmlSafely('<xml><A>a &amp; &#x41; &xxe;</A></xml>')).toEqual({
      xml: { A: 'a &amp; &#x41; &xxe;' },
    });
  });

  it('accepts DOCTYPE-looking text inside CDATA and comments', () => {
    expect(
      parseXmlSafely(
        '<xml><!-- <!DOCTYPE x> --><Content><![CDATA[<!DOCTYPE html><!ENTITY a "b">]]></Content></xml>',
      ),
    ).toEqual({ xml: { Content: '<!DOCTYPE html><!ENTITY a "b">' } });
  });

  it.each([
    [
      'an external entity (XXE)',
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Encrypt>&xxe;</Encrypt></xml>',
    ],
    [
      'billion laughs',
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><A>&lol2;</A></xml>',
    ],
    ['a lower-case doctype', '<!doctype xml><xml><A>1</A></xml>'],
    [
      'a DOCTYPE inside an element',
      '<xml><A><!DOCTYPE x [<!ENTITY e "v">]>&e;</A></xml>',
    ],
    ['a DOCTYPE after the root', '<xml><A>1</A></xml><!DOCTYPE x>'],
    ['a bare ENTITY declaration', '<xml><!ENTITY e "v"><A>&e;</A></xml>'],
    [
      'a parameter entity',
      '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://evil/">%p;]><xml/>',
    ],
    [
      'a DOCTYPE hidden behind a CDATA opener in an attribute',
      '<xml><A b="<![CDATA[">x</A><!DOCTYPE y [<!ENTITY e "v">]>]]></xml>',
    ],
    [
      'a DOCTYPE hidden behind a quoted processing instruction',
      '<?pi a="?><![CDATA[" ?><!DOCTYPE x [<!ENTITY e "v">]><xml>&e;]]></xml>',
    ],
    ['other markup declarations', '<xml><!ELEMENT a ANY><A>1</A></xml>'],
    ['an unterminated CDATA section', '<xml><A><![CDATA[abc</A></xml>'],
    ['an unterminated comment', '<xml><!-- <A>1</A></xml>'],
    ['malformed XML', '<xml><A>1</xml>'],
    ['no XML at all', 'hello'],
    ['an empty string', ''],
  ])('refuses %s', (_, xml) => {
    expect(codeOf(() => parseXmlSafely(xml))).toBe(ParseXmlError);
  });

  it('fails only with a typed -40002 on arbitrary input', () => {
    const piece = fc.constantFrom(
      '<xml>',
      '</xml>',
      '<A>',
      '</A>',
      '<![CDATA[',
      ']]>',
      '<!--',
      '-->',
      '<!DOCTYPE x [',
      '<!ENTITY e "v">',
      ']>',
      '&e;',
      '<?xml version="1.0"?>',
      '"',
      "'",
      '<',
      '>',
      'text',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), pieces => {
        const xml = pieces.join('');
        expect(['ok', ParseXmlError]).toContain(
          outcomeOf(() => parseXmlSafely(xml)),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('buildXml', () => {
  it('renders strings as CDATA and numbers as text', () => {
    expect(
      buildXml({
        ToUserName: 'zhangsan',
        CreateTime: 1700000000,
        MsgType: 'text',
        Content: 'a ]]> b',
        Skipped: undefined,
      }),
    ).toBe(
      '<xml><ToUserName><![CDATA[zhangsan]]></ToUserName><CreateTime>1700000000</CreateTime>' +
        '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[a ]]]]><![CDATA[> b]]></Content></xml>',
    );
  });

  it('round-trips through parseXmlSafely', () => {
    const value = fc.string({ unit: 'grapheme', maxLength: 40 });
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,10}$/);
    fc.assert(
      fc.property(
        fc.dictionary(name, value, { minKeys: 1, maxKeys: 6 }),
        fields => {
          expect(parseXmlSafely(buildXml(fields))).toEqual({ xml: fields });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses tag names that are not plain names', () => {
    expect(codeOf(() => buildXml({ 'a b': 'x' }))).toBe(GenReturnXmlError);
    expect(codeOf(() => buildXml({ '#text': 'x' }))).toBe(GenReturnXmlError);
    expect(codeOf(() => buildXml({ a: 'x' }, '<root>'))).toBe(
      GenReturnXmlError,
    );
  });
});
