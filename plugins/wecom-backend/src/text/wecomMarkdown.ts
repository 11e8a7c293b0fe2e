/**
 * Outside text in WeCom markdown: the one place that decides how text the
 * plugin does not write itself (incident titles and descriptions from
 * Alertmanager or the API, catalog fields, chat lines, a model's answer)
 * goes into a markdown message without adding markup of its own.
 *
 * What WeCom renders, from its official pages: the app message's markdown
 * (应用消息 → markdown消息, developer.work.weixin.qq.com document 90236,
 * also what `appchat/send` takes) supports a subset — headings `#`…`######`
 * followed by a space, bold `**…**`, links `[text](url)`, inline code
 * `` `…` `` (one line), quotes `> …`, and `<font color="info|comment|
 * warning">`; the group robot's markdown (群机器人, 91770) adds mentions
 * `<@userid>`; the smart bot's stream replies (智能机器人 被动回复, 101031)
 * take "markdown" without a list, and WeCom's markdown_v2 shows images
 * `![](url)`, italics, lists, tables, code blocks and strike-through. None
 * of these pages says whether a backslash escapes a character, so escaping
 * does not rely on it: each character that could start markup is replaced
 * by its full-width twin (`[` → `［`, `<` → `＜`, …), which reads the same
 * to a person and is markup in no renderer. The replacement is one
 * character for one, so cutting escaped text at any character boundary
 * never leaves half an escape, and byte limits are measured after it.
 */

/** Characters that start or end markup anywhere in a line. */
const ALWAYS: Record<string, string> = {
  '[': '［', // links, images, reference definitions
  ']': '］',
  '<': '＜', // <font>, <@mentions>, HTML, autolinks <https://…>
  '>': '＞', // quotes (a line starting with >)
  '`': '｀', // inline code, fences
  '*': '＊', // bold, italics, list items, rules
};

/**
 * Outside text shown as it is: none of it renders as markup (links,
 * images, headings, emphasis, quotes, code, `<font>`, `<@…>` mentions,
 * lists, rules). Line breaks stay; a line cannot start a block.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(escapeLineContent)
    .join('\n');
}

/**
 * One line of outside text: whitespace (line breaks included) collapsed,
 * at most `maxChars` characters (cut with "…"), escaped.
 */
export function escapeLine(text: string, maxChars = Infinity): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const cut =
    [...line].length > maxChars
      ? `${[...line].slice(0, Math.max(0, maxChars - 1)).join('')}…`
      : line;
  return escapeLineContent(cut);
}

/**
 * Outside text as inline code (an id, an entity ref, a userid), on one
 * line, its markup characters escaped as anywhere else: no page says what
 * WeCom renders inside code, so a backtick cannot end it early and nothing
 * in it is markup either way. Ids and refs (`#`, letters, digits, `:/-._@`)
 * show unchanged.
 */
export function inlineCode(text: string): string {
  return `\`${escapeCharacters(text.replace(/\s+/g, ' ').trim())}\``;
}

/**
 * A link whose text is outside text: the text is escaped, and the URL kept
 * only when it is http(s), with the characters that could end the link
 * (`(`, `)`, `<`, `>`, spaces) percent-encoded. Otherwise just the text.
 */
export function markdownLink(text: string, url: string): string {
  const label = escapeLine(text) || escapeLine(url);
  const target = safeUrl(url);
  return target ? `[${label}](${target})` : label;
}

/** Options of {@link neutraliseUntrustedMarkdown}. */
export interface UntrustedMarkdownOptions {
  /**
   * Origins (`https://backstage.example.com`) whose links stay links, e.g.
   * the Backstage app's; a link elsewhere shows its address instead.
   */
  allowedOrigins: string[];
}

/**
 * `[text](url)` and `![alt](url "title")`, on one line, no nesting. The
 * blanks around the address and the title are taken whole, never given back
 * (`(?=(\s*))\3` is an atomic group): the address may be empty, and letting
 * the blanks before and after it trade characters made a link left open
 * before a long run of whitespace cost quadratic time (100 KB: 12 s).
 */
const LINK =
  /(!?)\[([^[\]\n]*)\]\((?=(\s*))\3<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:(?=(\s+))\5(?:"[^"\n]*"|'[^'\n]*'))?(?=(\s*))\6\)/g;

/** The `<font>` colours WeCom knows (document 90236). */
const FONT_TAG = /^<(?:font color=(["'])(?:info|comment|warning)\1|\/font)>/i;

/**
 * Markdown a model (or a person) wrote, which may quote outside text: its
 * headings, emphasis, lists and code stay, but nothing in it can deceive or
 * reach people — a link to a host other than `allowedOrigins` shows its
 * address as text (`text (https://…)`), images become their address,
 * `<@…>` mentions and HTML other than WeCom's `<font color>` are shown as
 * text, and reference-style link definitions do nothing.
 */
export function neutraliseUntrustedMarkdown(
  markdown: string,
  options: UntrustedMarkdownOptions,
): string {
  const allowed = new Set(options.allowedOrigins.map(originOf).filter(Boolean));
  // Links kept wait behind placeholders (a private-use character, taken
  // out of the text first) while every other bracket (a link half written
  // so far, a reference, `[ref]: url`) is made text.
  const kept: string[] = [];
  return markdown
    .replace(/\r\n?|\uE000/g, found => (found === '\uE000' ? '' : '\n'))
    .replace(
      LINK,
      (_whole, bang: string, text: string, _blank: string, url: string) => {
        const target = safeUrl(url);
        if (!bang && target && allowed.has(originOf(target))) {
          kept.push(`[${neutraliseTags(text)}](${target})`);
          return `\uE000${kept.length - 1}\uE000`;
        }
        const label = escapeLine(text);
        const address = escapeLine(url);
        return label ? `${label} (${address})` : address;
      },
    )
    .replace(/\[/g, '［')
    .replace(/\]/g, '］')
    .split(/(?=<)/)
    .map(part =>
      part.startsWith('<') && !FONT_TAG.test(part)
        ? `＜${part.slice(1)}`
        : part,
    )
    .join('')
    .replace(/\uE000(\d+)\uE000/g, (_m, i: string) => kept[Number(i)]);
}

function neutraliseTags(text: string): string {
  return text.replace(/</g, '＜');
}

function escapeLineContent(line: string): string {
  // Block starters at the start of a line: headings, and the underline
  // that turns the line above into a heading (any run of = or -, one is
  // enough in CommonMark's setext headings).
  return escapeCharacters(line)
    .replace(/^(\s*)#/, '$1＃')
    .replace(
      /^(\s*)(=+|-+)(\s*)$/,
      (_m, a: string, rule: string, b: string) =>
        `${a}${rule.replace(/=/g, '＝').replace(/-/g, '－')}${b}`,
    )
    .replace(
      /^(\s*)([+-])(\s)/,
      (_m, a: string, bullet: string, b: string) =>
        `${a}${bullet === '+' ? '＋' : '－'}${b}`,
    )
    .replace(
      /^(\s*)(\d{1,9})([.)])(\s)/,
      (_m, a: string, n: string, dot: string, b: string) =>
        `${a}${n}${dot === '.' ? '．' : '）'}${b}`,
    );
}

/**
 * Bidirectional controls (LRM/RLM, embeddings, overrides, isolates): an
 * alert title with U+202E shows "Invoice ‮exe.gpj" as "Invoice jpg.exe".
 * Outside text has no use for them in a chat, so they are dropped.
 */
const BIDI_CONTROL = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Markup that starts or ends anywhere in a line, one character for one
 * (bidirectional controls, which show nothing, are dropped).
 */
function escapeCharacters(line: string): string {
  let out = '';
  const chars = [...line];
  chars.forEach((char, i) => {
    const replaced = ALWAYS[char];
    if (BIDI_CONTROL.test(char)) {
      return;
    } else if (replaced) {
      out += replaced;
    } else if (
      char === '_' &&
      !(isWord(chars[i - 1]) && isWord(chars[i + 1]))
    ) {
      // Emphasis with _ opens or closes at a word's edge; snake_case stays.
      out += '＿';
    } else if (char === '~' && (chars[i - 1] === '~' || chars[i + 1] === '~')) {
      out += '～'; // ~~strike-through~~
    } else if (
      char === '&' &&
      /^&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(
        chars.slice(i, i + 12).join(''),
      )
    ) {
      out += '＆'; // an entity such as &lt; would turn into markup
    } else {
      out += char;
    }
  });
  return out;
}

function isWord(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

/** The URL, when http(s), with what could end a markdown link encoded. */
function safeUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return url.toString().replace(/[()<>\s"'`[\]\\]/g, percentEncoded);
}

function percentEncoded(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
