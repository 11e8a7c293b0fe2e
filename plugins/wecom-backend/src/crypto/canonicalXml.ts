/**
 * A one-pass reader for the XML shape WeCom actually sends: elements without
 * attributes, each holding one CDATA section, plain text, or child elements.
 *
 * @remarks
 * Written by hand for speed: WeCom's callbacks are parsed twice per request
 * (the envelope, then the decrypted message), and fast-xml-parser's validator
 * and parser together were the largest part of our own cost per callback (see
 * docs/performance.md). This reader accepts only a strict subset that is
 * well-formed by construction and gives exactly what `parseXmlSafely`'s full
 * pipeline gives for it (checked by property tests against fast-xml-parser);
 * for anything else (declarations, comments, attributes, entities, mixed or
 * padded text, self-closing tags, carriage returns, unusual names, deep nesting) it returns
 * `undefined` and the caller runs the full pipeline, which keeps all of its
 * checks.
 */

const TAG_NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;
// Names fast-xml-parser renames or refuses (prototype pollution guards); the
// full pipeline decides what happens to them.
const RESERVED_NAMES = new Set([
  'hasownproperty',
  'tostring',
  'valueof',
  '__definegetter__',
  '__definesetter__',
  '__lookupgetter__',
  '__lookupsetter__',
  '__proto__',
  'constructor',
  'prototype',
]);
const MAX_DEPTH = 16;
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';

type Value = string | Record<string, unknown>;

class Reader {
  position = 0;
  constructor(readonly xml: string) {}

  skipWhitespace() {
    const xml = this.xml;
    let position = this.position;
    while (position < xml.length && isWhitespace(xml.charCodeAt(position))) {
      position++;
    }
    this.position = position;
  }

  /** `<name>` at the current position; the name, or undefined. */
  openTag(): string | undefined {
    if (this.xml.charCodeAt(this.position) !== 0x3c /* < */) return undefined;
    TAG_NAME.lastIndex = this.position + 1;
    if (!TAG_NAME.test(this.xml)) return undefined;
    const end = TAG_NAME.lastIndex;
    if (this.xml.charCodeAt(end) !== 0x3e /* > */) return undefined;
    const name = this.xml.slice(this.position + 1, end);
    if (RESERVED_NAMES.has(name.toLowerCase())) return undefined;
    this.position = end + 1;
    return name;
  }

  /** `</name>` at the current position. */
  closeTag(name: string): boolean {
    const xml = this.xml;
    const at = this.position;
    if (
      xml.charCodeAt(at) !== 0x3c ||
      xml.charCodeAt(at + 1) !== 0x2f /* / */ ||
      !xml.startsWith(name, at + 2) ||
      xml.charCodeAt(at + 2 + name.length) !== 0x3e
    ) {
      return false;
    }
    this.position = at + name.length + 3;
    return true;
  }

  /** The content of the element just opened, up to and with its end tag. */
  content(name: string, depth: number): Value | undefined {
    const xml = this.xml;
    if (xml.startsWith(CDATA_OPEN, this.position)) {
      const start = this.position + CDATA_OPEN.length;
      const end = xml.indexOf(CDATA_CLOSE, start);
      if (end === -1) return undefined;
      this.position = end + CDATA_CLOSE.length;
      return this.closeTag(name) ? xml.slice(start, end) : undefined;
    }
    const textStart = this.position;
    const textEnd = xml.indexOf('<', textStart);
    if (textEnd === -1) return undefined;
    this.position = textEnd;
    if (this.closeTag(name)) {
      return plainText(xml.slice(textStart, textEnd));
    }
    // Only whitespace may stand between child elements.
    for (let i = textStart; i < textEnd; i++) {
      if (!isWhitespace(xml.charCodeAt(i))) return undefined;
    }
    return this.children(name, depth);
  }

  children(name: string, depth: number): Value | undefined {
    if (depth >= MAX_DEPTH) return undefined;
    const fields: Record<string, unknown> = {};
    for (;;) {
      this.skipWhitespace();
      if (this.closeTag(name)) return fields;
      const child = this.openTag();
      if (child === undefined) return undefined;
      const value = this.content(child, depth + 1);
      if (value === undefined) return undefined;
      addField(fields, child, value);
    }
  }
}

/** Plain text, as the full parser keeps it: `''` for blank, else unpadded. */
function plainText(text: string): string | undefined {
  if (text.length === 0) return '';
  if (text.indexOf('&') !== -1) return undefined;
  const trimmed = text.trim();
  if (trimmed.length === 0) return '';
  return trimmed.length === text.length ? text : undefined;
}

/** A repeated element becomes an array, as fast-xml-parser does it. */
function addField(fields: Record<string, unknown>, name: string, value: Value) {
  if (!Object.prototype.hasOwnProperty.call(fields, name)) {
    fields[name] = value;
    return;
  }
  const existing = fields[name];
  if (Array.isArray(existing)) existing.push(value);
  else fields[name] = [existing, value];
}

function isWhitespace(code: number) {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Reads WeCom's canonical XML in one pass.
 *
 * @returns the document keyed by its root element, as `parseXmlSafely`
 * returns it, or `undefined` when the input is outside the subset (the
 * caller then parses it with the full pipeline).
 */
export function readCanonicalXml(
  xml: string,
): Record<string, unknown> | undefined {
  // XML turns CR and CRLF into LF everywhere; the full pipeline does that.
  if (xml.indexOf('\r') !== -1) return undefined;
  const reader = new Reader(xml);
  reader.skipWhitespace();
  const root = reader.openTag();
  if (root === undefined) return undefined;
  const value = reader.content(root, 0);
  if (value === undefined) return undefined;
  reader.skipWhitespace();
  if (reader.position !== xml.length) return undefined;
  return { [root]: value };
}
