import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { readCanonicalXml } from './canonicalXml';
import { WeComCryptoError, WeComCryptoErrorCode } from './errors';

const parser = new XMLParser({
  // No entity expansion at all: not even DOCTYPE-declared entities could be
  // expanded (the XXE and "billion laughs" attacks need that).
  processEntities: false,
  htmlEntities: false,
  // Ids such as AgentID 1000002 and long nonces must stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // CDATA is merged into the element's text, untrimmed.
  cdataPropName: false,
});

const builder = new XMLBuilder({
  cdataPropName: '#cdata',
  format: false,
  suppressEmptyNode: false,
  ignoreAttributes: true,
});

function parseError(reason: string): WeComCryptoError {
  return new WeComCryptoError(WeComCryptoErrorCode.ParseXmlError, reason);
}

// After `<`: a tag's body up to its `>`. Quoted values may not contain `<` or
// `>`, so the first `>` ends the tag both for this scan and for the parser.
const TAG_BODY = /[^<>"']*(?:(?:"[^"<>]*"|'[^'<>]*')[^<>"']*)*>/y;
// After `<`: a processing instruction such as the XML declaration, whose
// quoted values may not contain `?` or `>`, so the first `?>` ends it.
const PROCESSING_INSTRUCTION =
  /\?[A-Za-z_][\w.:-]*(?:\s+[\w.:-]+\s*=\s*(?:"[^"?>]*"|'[^'?>]*'))*\s*\?>/y;

/**
 * Refuses any `<!…>` markup other than CDATA sections and comments: that is
 * where DOCTYPE and ENTITY declarations live.
 *
 * @remarks
 * Written by hand because fast-xml-parser has no option to refuse a DOCTYPE
 * and its validator accepts one anywhere. A plain search for `<!DOCTYPE`
 * would refuse legitimate messages whose CDATA text contains those words, so
 * this walks the markup the same way the parser will: CDATA sections and
 * comments are skipped whole, and anything ambiguous (a `<` inside a quoted
 * value, an unterminated section, an unusual processing instruction) is
 * refused rather than guessed at.
 */
function assertNoDeclarations(xml: string): void {
  let position = 0;
  for (;;) {
    const open = xml.indexOf('<', position);
    if (open === -1) return;
    if (xml.startsWith('<![CDATA[', open)) {
      position = skipPast(xml, ']]>', open + 9, 'CDATA section');
    } else if (xml.startsWith('<!--', open)) {
      position = skipPast(xml, '-->', open + 4, 'comment');
    } else if (xml.charCodeAt(open + 1) === 0x21 /* ! */) {
      throw parseError('XML with DOCTYPE or ENTITY declarations is refused');
    } else {
      const pattern =
        xml.charCodeAt(open + 1) === 0x3f /* ? */
          ? PROCESSING_INSTRUCTION
          : TAG_BODY;
      pattern.lastIndex = open + 1;
      if (!pattern.test(xml)) throw parseError('XML markup is malformed');
      position = pattern.lastIndex;
    }
  }
}

function skipPast(xml: string, end: string, from: number, what: string) {
  const at = xml.indexOf(end, from);
  if (at === -1) throw parseError(`XML ${what} is not closed`);
  return at + end.length;
}

/**
 * Parses XML from WeCom without expanding entities.
 *
 * @remarks
 * Any DOCTYPE or ENTITY declaration is refused (XXE protection); CDATA comes
 * back as plain strings; every value is a string (no number parsing);
 * attributes are ignored; repeated elements become arrays. Limiting the input
 * size is the caller's job.
 *
 * @returns the document keyed by its root element, e.g. `{ xml: { … } }`.
 * @throws WeComCryptoError -40002 on malformed or refused input.
 * @public
 */
export function parseXmlSafely(xml: string): Record<string, unknown> {
  if (typeof xml !== 'string') throw parseError('XML input must be a string');
  // WeCom's own shape in one pass; anything else takes every check below.
  return readCanonicalXml(xml) ?? parseXmlFully(xml);
}

/**
 * The full pipeline of {@link parseXmlSafely}: declaration scan, validator,
 * parser. Exported for the tests that compare the one-pass reader with it.
 *
 * @internal
 */
export function parseXmlFully(xml: string): Record<string, unknown> {
  assertNoDeclarations(xml);
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    // The validator's message quotes the input, which may be plaintext.
    throw parseError(
      `XML is not well-formed (${validation.err.code} at line ${validation.err.line})`,
    );
  }
  try {
    return parser.parse(xml) as Record<string, unknown>;
  } catch {
    throw parseError('XML could not be parsed');
  }
}

/**
 * A value {@link buildXml} can render: strings become CDATA, numbers,
 * bigints and booleans become text, objects become child elements, arrays
 * repeat their element, `null` and `undefined` are left out.
 *
 * @public
 */
export type XmlValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | XmlFields
  | XmlValue[];

/**
 * The children of an XML element, by tag name.
 *
 * @public
 */
export interface XmlFields {
  [tagName: string]: XmlValue;
}

const TAG_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function toBuilderTree(value: XmlValue): unknown {
  if (typeof value === 'string') return { '#cdata': value };
  if (
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean'
  ) {
    return String(value);
  }
  if (Array.isArray(value)) return value.map(toBuilderTree);
  const children: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value ?? {})) {
    if (!TAG_NAME.test(name)) {
      throw new WeComCryptoError(
        WeComCryptoErrorCode.GenReturnXmlError,
        'XML tag names must be letters, digits, `_`, `.` or `-`',
      );
    }
    if (child !== null && child !== undefined) {
      children[name] = toBuilderTree(child);
    }
  }
  return children;
}

/**
 * Renders a tree prepared for fast-xml-parser's builder (`#cdata` for CDATA,
 * strings for escaped text).
 *
 * @internal
 */
export function renderXml(tree: Record<string, unknown>): string {
  try {
    return builder.build(tree) as string;
  } catch {
    throw new WeComCryptoError(
      WeComCryptoErrorCode.GenReturnXmlError,
      'XML could not be generated',
    );
  }
}

/**
 * Builds a WeCom-style XML document, e.g. a passive reply:
 * `buildXml({ ToUserName: 'u', CreateTime: 1700000000, MsgType: 'text', Content: 'hi' })`
 * gives `<xml><ToUserName><![CDATA[u]]></ToUserName><CreateTime>1700000000</CreateTime>…</xml>`.
 *
 * @throws WeComCryptoError -40011 on an invalid tag name.
 * @public
 */
export function buildXml(fields: XmlFields, rootName = 'xml'): string {
  if (!TAG_NAME.test(rootName)) {
    throw new WeComCryptoError(
      WeComCryptoErrorCode.GenReturnXmlError,
      'XML tag names must be letters, digits, `_`, `.` or `-`',
    );
  }
  return renderXml({ [rootName]: toBuilderTree(fields) });
}
