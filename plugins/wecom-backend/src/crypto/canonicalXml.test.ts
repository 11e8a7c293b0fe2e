import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { readCanonicalXml } from './canonicalXml';
import { WeComCryptoErrorCode } from './errors';
import { parseXmlFully, parseXmlSafely } from './xml';
import { codeOf } from './__testUtils__/cryptoTestUtils';

/** What the full pipeline gives, or its error code. */
function fully(xml: string): unknown {
  try {
    return { parsed: parseXmlFully(xml) };
  } catch {
    return { refused: codeOf(() => parseXmlFully(xml)) };
  }
}

/**
 * True when the reader leaves `xml` to the full pipeline, or reads it
 * exactly as the full pipeline does (a refusal there must be a refusal).
 */
function agrees(xml: string): boolean {
  const read = readCanonicalXml(xml);
  return read === undefined || isDeepStrictEqual({ parsed: read }, fully(xml));
}

/** An element tree and whether every part of it is in the canonical subset. */
interface Doc {
  xml: string;
  canonical: boolean;
}

const SEPARATORS = ['', '', '\n', '  ', '\r\n\t'];
const NAMES = [
  'xml',
  'ToUserName',
  'FromUserName',
  'CreateTime',
  'MsgType',
  'Event',
  'EventKey',
  'TaskId',
  'SelectedItems',
  'SelectedItem',
  'QuestionKey',
  'OptionIds',
  'OptionId',
  'item',
  'a.b-c_1',
];

const canonicalName = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,6}$/),
);
const anyName = fc.oneof(
  { weight: 8, arbitrary: canonicalName },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'toString',
      '__proto__',
      'Constructor',
      'ns:tag',
      '名字',
      '1abc',
    ),
  },
);

// Characters that matter to XML and to trimming, plus a wide mix.
const textChar = fc.oneof(
  fc.constantFrom(
    '<',
    '>',
    '&',
    ']',
    ' ',
    '\n',
    '\r',
    '\t',
    '\u3000',
    '\u00a0',
  ),
  fc.constantFrom('a', 'Z', '0', ';', '"', "'", '你', '😀', '!', '?', '/'),
  fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
);
const rawText = fc
  .array(textChar, { maxLength: 12 })
  .map(chars => chars.join(''));

const leaf: fc.Arbitrary<Doc> = fc.oneof(
  // CDATA: anything but its own end.
  rawText
    .filter(text => !text.includes(']]>'))
    .map(text => ({
      xml: `<![CDATA[${text}]]>`,
      // Carriage returns are normalised by XML, so left to the full parser.
      canonical: !text.includes('\r'),
    })),
  // Plain text as WeCom writes numbers and ids.
  fc
    .stringMatching(/^[A-Za-z0-9_.:-]{1,12}$/)
    .map(text => ({ xml: text, canonical: true })),
  fc.constant({ xml: '', canonical: true }),
  fc.constantFrom('  ', '\n\t').map(xml => ({ xml, canonical: true })),
  // Anything else a peer could send as text.
  rawText
    .filter(text => !text.includes('<'))
    .map(text => ({ xml: text, canonical: false })),
  // Mixed content, comments, padded CDATA.
  fc
    .constantFrom(
      'x<![CDATA[y]]>',
      '\n<![CDATA[x]]>\n',
      '<!-- note -->',
      '<![CDATA[a]]><![CDATA[b]]>',
    )
    .map(xml => ({ xml, canonical: false })),
);

const { element } = fc.letrec<{ element: Doc }>(tie => ({
  element: fc
    .tuple(
      anyName,
      fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc
          .array(fc.tuple(fc.constantFrom(...SEPARATORS), tie('element')), {
            maxLength: 4,
          })
          .map(children => ({
            xml: children.map(([space, child]) => space + child.xml).join(''),
            canonical: children.every(
              ([space, child]) => child.canonical && !space.includes('\r'),
            ),
          })),
      ),
      fc.constantFrom('', '', '', '/>', ' id="1"'),
    )
    .map(([name, content, variant]): Doc => {
      if (variant === '/>') return { xml: `<${name}/>`, canonical: false };
      return {
        xml: `<${name}${variant}>${content.xml}</${name}>`,
        canonical:
          content.canonical &&
          variant === '' &&
          /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) &&
          !/^(tostring|__proto__|constructor)$/i.test(name),
      };
    }),
}));

// WeCom-like documents: few names, so siblings repeat (arrays), and nesting.
const { canonicalElement } = fc.letrec<{ canonicalElement: string }>(tie => ({
  canonicalElement: fc
    .tuple(
      fc.constantFrom('Item', 'OptionId', 'Key', 'x.y', '_'),
      fc.oneof(
        { maxDepth: 4, depthSize: 'medium' },
        leaf.filter(({ canonical }) => canonical).map(({ xml }) => xml),
        fc
          .array(
            fc.tuple(
              fc.constantFrom('', '', '\n', '  ', '\n\t'),
              tie('canonicalElement'),
            ),
            { minLength: 1, maxLength: 5 },
          )
          .map(children =>
            children.map(([space, child]) => space + child).join(''),
          ),
      ),
    )
    .map(([name, content]) => `<${name}>${content}</${name}>`),
}));

const document: fc.Arbitrary<Doc> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', '\n'),
      fc.array(canonicalElement, { maxLength: 6 }),
      fc.constantFrom('', '\n  '),
    )
    .map(([before, children, after]) => ({
      xml: `${before}<xml>${children.join('')}</xml>${after}`,
      canonical: true,
    })),
  fc
    .tuple(
      fc.constantFrom('', '\n', '<?xml version="1.0" encoding="UTF-8"?>'),
      element,
      fc.constantFrom('', '\n  '),
    )
    .map(([before, root, after]) => ({
      xml: before + root.xml + after,
      canonical: root.canonical && !before.startsWith('<?'),
    })),
);

describe('readCanonicalXml', () => {
  it('reads a WeCom message exactly as the full pipeline does', () => {
    const xml =
      '<xml><ToUserName><![CDATA[ww0123456789abcdef]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[ack]]></EventKey><SelectedItems><SelectedItem><QuestionKey><![CDATA[q1]]></QuestionKey><OptionIds><OptionId><![CDATA[a]]></OptionId><OptionId><![CDATA[b]]></OptionId></OptionIds></SelectedItem></SelectedItems><Empty></Empty><AgentID>1000002</AgentID></xml>';
    const read = readCanonicalXml(xml);
    expect(read).toEqual({
      xml: {
        ToUserName: 'ww0123456789abcdef',
        FromUserName: 'zhangsan',
        CreateTime: '1700000000',
        MsgType: 'event',
        Event: 'template_card_event',
        EventKey: 'ack',
        SelectedItems: {
          SelectedItem: {
            QuestionKey: 'q1',
            OptionIds: { OptionId: ['a', 'b'] },
          },
        },
        Empty: '',
        AgentID: '1000002',
      },
    });
    expect(read).toStrictEqual(parseXmlFully(xml));
  });

  it('leaves everything outside the subset to the full pipeline', () => {
    for (const xml of [
      '<?xml version="1.0"?><xml><A>1</A></xml>',
      '<xml><A id="1">1</A></xml>',
      '<xml><A/></xml>',
      '<xml><A>a &amp; b</A></xml>',
      '<xml><A> padded </A></xml>',
      '<xml><!-- c --><A>1</A></xml>',
      '<xml><A>x<![CDATA[y]]></A></xml>',
      '<xml><toString>1</toString></xml>',
      '<xml><ns:A>1</ns:A></xml>',
      '<!DOCTYPE x [<!ENTITY e "v">]><xml><A>&e;</A></xml>',
      '<xml><A>1</A></xml><xml></xml>',
      '<xml><A>1</B></xml>',
      '<xml><A>1</A>',
      `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`,
    ]) {
      expect(readCanonicalXml(xml)).toBeUndefined();
    }
  });

  it('still refuses declarations and prototype names through the full pipeline', () => {
    for (const xml of [
      '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><A>&x;</A></xml>',
      '<xml><__proto__><A>1</A></__proto__></xml>',
      '<xml><A>1</B></xml>',
    ]) {
      expect(codeOf(() => parseXmlSafely(xml))).toBe(
        WeComCryptoErrorCode.ParseXmlError,
      );
    }
  });

  it('agrees with fast-xml-parser on generated documents, and reads every canonical one', () => {
    fc.assert(
      fc.property(document, ({ xml, canonical }) => {
        expect(agrees(xml)).toBe(true);
        // Every document in the subset takes the one-pass path.
        expect(canonical && readCanonicalXml(xml) === undefined).toBe(false);
      }),
      { numRuns: 5_000 },
    );
  });

  it('never accepts a damaged document the full pipeline reads differently', () => {
    const damaged = fc
      .tuple(
        document,
        fc.nat(),
        fc.nat(),
        fc.constantFrom(
          '',
          '<',
          '>',
          '/',
          ']]>',
          '<![CDATA[',
          '</x>',
          '&',
          ' ',
        ),
      )
      .map(([doc, a, b, insert]) => {
        const from = a % (doc.xml.length + 1);
        const to = Math.min(doc.xml.length, from + (b % 4));
        return doc.xml.slice(0, from) + insert + doc.xml.slice(to);
      });
    fc.assert(
      fc.property(damaged, xml => {
        expect(agrees(xml)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});
