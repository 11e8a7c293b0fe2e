/**
 * The few XML shapes WeCom callbacks use, written by hand: they are flat
 * `<xml>` envelopes of CDATA fields, and the emulator's package does not
 * depend on an XML library (fast-xml-parser would be the one to add).
 */

/** An XML field value: text (CDATA), a number, or nested elements. */
export type XmlValue = string | number | XmlElement[] | undefined;

/** A named XML element. */
export type XmlElement = [name: string, value: XmlValue];

/** Builds `<xml>…</xml>` from fields in order; undefined fields are left out. */
export function buildXml(fields: XmlElement[]): string {
  return `<xml>${fields.map(renderElement).join('')}</xml>`;
}

function renderElement([name, value]: XmlElement): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return `<${name}>${value}</${name}>`;
  if (Array.isArray(value))
    return `<${name}>${value.map(renderElement).join('')}</${name}>`;
  return `<${name}>${cdata(value)}</${name}>`;
}

/** CDATA cannot contain "]]>": split it across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** Reads one top-level field of a flat envelope, CDATA or plain text. */
export function readXmlField(xml: string, name: string): string | undefined {
  const match = new RegExp(
    `<${name}>\\s*(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))\\s*</${name}>`,
  ).exec(xml);
  if (!match) return undefined;
  return match[1] ?? match[2];
}
