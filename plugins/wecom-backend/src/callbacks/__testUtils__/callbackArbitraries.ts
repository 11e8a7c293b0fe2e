import { encrypt as wecomEncrypt, getSignature } from '@wecom/crypto';
import fc from 'fast-check';
import { TEST_KEYS } from '../../__testUtils__/startWeComBackend';
import {
  arbitraryNonce,
  frame,
  pad32,
  rawEncrypt,
} from '../../crypto/__testUtils__/cryptoTestUtils';
import { FUZZ_SUITE } from './callbackFuzzHarness';

/** The three callback endpoints and the keys WeCom seals them with. */
export type EndpointKind = 'app' | 'bot' | 'suite';

const ENDPOINTS: Record<
  EndpointKind,
  { id: string; path: (id: string) => string; token: string; key: string }
> = {
  app: {
    id: 'acme',
    path: id => `/api/wecom/integrations/${id}/callback`,
    token: TEST_KEYS.callbackToken,
    key: TEST_KEYS.callbackKey,
  },
  bot: {
    id: 'acme',
    path: id => `/api/wecom/integrations/${id}/bot-callback`,
    token: TEST_KEYS.botToken,
    key: TEST_KEYS.botKey,
  },
  suite: {
    id: FUZZ_SUITE.suiteId,
    path: id => `/api/wecom/suites/${id}/callback`,
    token: FUZZ_SUITE.token,
    key: FUZZ_SUITE.encodingAESKey,
  },
};

const RECEIVE_IDS: Record<EndpointKind, string> = {
  app: TEST_KEYS.corpId,
  bot: '',
  suite: FUZZ_SUITE.suiteId,
};

/** A generated request and what must become of it. */
export interface FuzzCase {
  kind: EndpointKind;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What was broken, e.g. `query:stale-timestamp+cipher:bad-padding`. */
  label: string;
  /** True when no server may accept it (a 4xx is the only right answer). */
  mustRefuse: boolean;
}

interface Part {
  label: string;
  mustRefuse: boolean;
}

const BASE64 =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const nowSeconds = () => Math.floor(Date.now() / 1000);

const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme-ascii', maxLength }),
    fc.string({
      unit: fc.constantFrom(...'<>&"\'=]]![CDATA{}:,\\/%\n\r\t\0'),
      maxLength,
    }),
  );

/** Inserts, deletes, truncates or replaces part of `text`. */
const mutated = (text: fc.Arbitrary<string>) =>
  fc
    .tuple(
      text,
      fc.constantFrom('truncate', 'insert', 'delete', 'replace', 'duplicate'),
      fc.nat(),
      fc.nat(),
      anyText(40),
    )
    .map(([t, how, a, b, garbage]) => {
      const at = t.length === 0 ? 0 : a % t.length;
      const to = Math.min(t.length, at + (b % 64));
      switch (how) {
        case 'truncate':
          return t.slice(0, at);
        case 'insert':
          return t.slice(0, at) + garbage + t.slice(at);
        case 'delete':
          return t.slice(0, at) + t.slice(to);
        case 'duplicate':
          return t.slice(0, to) + t.slice(at, to) + t.slice(to);
        default:
          return t.slice(0, at) + garbage + t.slice(to);
      }
    });

const createTimes = fc.oneof(
  fc.constant(String(nowSeconds())),
  fc.integer({ min: -1e6, max: 5e9 }).map(String),
  fc.constantFrom('', 'NaN', '1e400', '-0', '9'.repeat(400), '0x10', ' 1 '),
);

/** Names that are properties of every JS object. */
const PROTOTYPE_KEYS = ['toString', 'valueOf', '__proto__', 'constructor'];

/** Text as WeCom sends it: any Unicode, nothing that ends a CDATA section. */
const plainText = (maxLength: number) =>
  fc
    .string({ unit: 'grapheme', maxLength })
    .map(text => text.replace(/]]>/g, ''));

/**
 * One XML element as WeCom sends it (in CDATA), or with `odd` shaped
 * oddly: plain text with markup in it, nested elements (named like
 * Object.prototype's members), the element repeated, a value far longer
 * than WeCom's, a NUL character.
 */
const xmlField = (name: string, value: fc.Arbitrary<string>, odd: boolean) =>
  !odd
    ? value.map(v => `<${name}><![CDATA[${v}]]></${name}>`)
    : fc.oneof(
        {
          arbitrary: value.map(v => `<${name}><![CDATA[${v}]]></${name}>`),
          weight: 4,
        },
        anyText(60).map(v => `<${name}>${v}</${name}>`),
        fc
          .constantFrom(...PROTOTYPE_KEYS, 'a')
          .map(key => `<${name}><${key}>x</${key}></${name}>`),
        value.map(v => `<${name}>${v}</${name}><${name}>${v}</${name}>`),
        fc
          .integer({ min: 65, max: 400 })
          .map(n => `<${name}>${'y'.repeat(n)}</${name}>`),
        fc.constant(`<${name}><![CDATA[a\0b]]></${name}>`),
      );

/** A custom-app message or card click; with `odd`, odd values and shapes. */
const appInnerXml = (odd: boolean) =>
  fc
    .tuple(
      xmlField('ToUserName', fc.constant(TEST_KEYS.corpId), odd),
      xmlField('FromUserName', plainText(30), odd),
      xmlField(
        'CreateTime',
        odd ? createTimes : fc.constant(String(nowSeconds())),
        odd,
      ),
      xmlField('MsgType', fc.constantFrom('text', 'event', 'image'), odd),
      xmlField(
        'Event',
        fc.constantFrom(
          'template_card_event',
          'template_card_menu_event',
          'click',
          'enter_agent',
          '',
        ),
        odd,
      ),
      xmlField('EventKey', plainText(60), odd),
      xmlField('TaskId', plainText(60), odd),
      xmlField('ResponseCode', plainText(40), odd),
      xmlField('Content', plainText(200), odd),
      xmlField('MsgId', fc.oneof(fc.constant(''), fc.nat().map(String)), odd),
      xmlField('OptionId', plainText(10), odd),
      xmlField('AgentID', fc.constantFrom('1000002', ''), odd),
    )
    .map(
      ([
        to,
        from,
        time,
        type,
        event,
        key,
        task,
        code,
        content,
        id,
        option,
        agent,
      ]) =>
        `<xml>${to}${from}${time}${type}${event}${key}${task}${code}${content}${id}<SelectedItems><SelectedItem><QuestionKey>q</QuestionKey><OptionIds>${option}</OptionIds></SelectedItem></SelectedItems>${agent}</xml>`,
    );

/** Any JSON, and objects that shadow Object.prototype's members. */
const oddJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue(), weight: 4 },
  fc
    .tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.jsonValue())
    .map(([key, value]) => JSON.parse(`{"${key}":${JSON.stringify(value)}}`)),
  fc.constantFrom('a\0b', 'y'.repeat(300)),
);

/** A smart-bot message; with `odd`, any JSON where WeCom puts values. */
const botInnerJson = (odd: boolean) => {
  const value = (usual: fc.Arbitrary<unknown>) =>
    odd ? fc.oneof(usual, oddJson) : usual;
  const object = <T>(usual: fc.Arbitrary<T>) =>
    odd ? fc.oneof(usual, oddJson) : usual;
  return fc
    .record({
      msgid: value(fc.string({ maxLength: 32 })),
      aibotid: value(fc.constant('bot-1')),
      chattype: value(fc.constantFrom('single', 'group')),
      chatid: value(fc.string({ maxLength: 20 })),
      from: object(fc.record({ userid: value(plainText(20)) })),
      response_url: value(fc.constant('http://127.0.0.1:9/reply')),
      msgtype: value(
        fc.constantFrom('text', 'image', 'mixed', 'voice', 'file', 'stream'),
      ),
      text: object(fc.record({ content: value(plainText(100)) })),
      voice: object(fc.record({ content: value(plainText(100)) })),
      image: object(fc.record({ url: value(fc.webUrl()) })),
      file: object(fc.record({ url: value(fc.webUrl()) })),
      mixed: object(
        fc.record({
          msg_item: fc.array(
            fc.oneof(
              fc.record({
                msgtype: fc.constant('text'),
                text: object(fc.record({ content: value(plainText(40)) })),
              }),
              fc.record({
                msgtype: fc.constant('image'),
                image: object(fc.record({ url: value(fc.webUrl()) })),
              }),
            ),
            { maxLength: 5 },
          ),
        }),
      ),
      stream: object(fc.record({ id: value(fc.string({ maxLength: 20 })) })),
      event: object(fc.record({ eventtype: value(fc.constant('enter_chat')) })),
    })
    .map(message => JSON.stringify(message));
};

/** The suite's instructions; with `odd`, odd values and shapes. */
const suiteInnerXml = (odd: boolean) =>
  fc
    .tuple(
      xmlField(
        'InfoType',
        fc.constantFrom('suite_ticket', 'cancel_auth', 'change_auth'),
        odd,
      ),
      xmlField('SuiteTicket', plainText(80), odd),
      xmlField(
        'AuthCorpId',
        fc
          .string({
            unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
            minLength: 1,
            maxLength: 30,
          })
          .map(id => `ww${id}`),
        odd,
      ),
    )
    .map(
      ([infoType, ticket, authCorpId]) =>
        `<xml><SuiteId><![CDATA[${
          FUZZ_SUITE.suiteId
        }]]></SuiteId>${infoType}<TimeStamp>${nowSeconds()}</TimeStamp>${ticket}${authCorpId}</xml>`,
    );

/**
 * What the endpoint decrypts: the echo for GET (any text is a valid echo),
 * the message for POST as WeCom sends it, or oddly shaped, or corrupted.
 */
function innerMessages(
  kind: EndpointKind,
  method: 'GET' | 'POST',
  broken: boolean,
): fc.Arbitrary<{ message: string } & Part> {
  const part = (label: string) => (message: string) => ({
    message,
    label,
    mustRefuse: false,
  });
  if (method === 'GET') return anyText(200).map(part('echo'));
  const shape = { app: appInnerXml, bot: botInnerJson, suite: suiteInnerXml }[
    kind
  ];
  if (!broken) return shape(false).map(part('inner'));
  return fc.oneof(
    shape(true).map(part('odd-inner')),
    mutated(shape(false)).map(part('corrupted-inner')),
    anyText(300).map(part('garbage-inner')),
    fc.json().map(part('json-inner')),
    fc
      .integer({ min: 1000, max: 40_000 })
      .map(n => `<xml><Pad>${'x'.repeat(n)}</Pad></xml>`)
      .map(part('huge-inner')),
  );
}

/** A ciphertext: broken base64, framing or padding, or a sealed message. */
function ciphertexts(
  kind: EndpointKind,
  method: 'GET' | 'POST',
  broken: boolean,
  innerMessage: fc.Arbitrary<{ message: string } & Part>,
): fc.Arbitrary<{ encrypt: string } & Part> {
  const { key } = ENDPOINTS[kind];
  const receiveId = RECEIVE_IDS[kind];
  const inner = innerMessage.map(m => m.message);
  const sealed = (message: string, rid = receiveId) =>
    wecomEncrypt(key, message, rid);
  const part = (label: string, mustRefuse: boolean) => (encrypt: string) => ({
    encrypt,
    label,
    mustRefuse,
  });
  // The suite's URL verification is sealed for the provider's corp, so it
  // checks the signature and framing only, not whom it is for.
  const checksReceiveId = !(kind === 'suite' && method === 'GET');

  if (!broken) {
    return innerMessage.map(m => ({
      encrypt: sealed(m.message),
      label: m.label,
      mustRefuse: m.mustRefuse,
    }));
  }
  return fc.oneof(
    // Garbage of any kind where the ciphertext goes.
    anyText(400).map(part('garbage', true)),
    fc
      .string({ unit: fc.constantFrom(...BASE64), maxLength: 600 })
      .map(part('base64-alphabet-garbage', true)),
    // Canonical base64 of random bytes: every wrong length, and 16-byte
    // multiples that decrypt to noise.
    fc
      .uint8Array({ maxLength: 320 })
      .map(bytes => Buffer.from(bytes).toString('base64'))
      .map(part('random-bytes', true)),
    // A valid ciphertext made non-canonical base64.
    fc
      .tuple(
        inner.map(m => sealed(m)),
        fc.constantFrom(
          'strip-padding',
          'extra-padding',
          'url-safe',
          'whitespace',
          'non-ascii',
          'drop-char',
        ),
        fc.nat(),
      )
      .map(([encrypt, how, at]) => {
        const i = at % encrypt.length;
        switch (how) {
          case 'strip-padding':
            return `${encrypt.replace(/=+$/, '')}${
              encrypt.endsWith('=') ? '' : 'A'
            }`;
          case 'extra-padding':
            return `${encrypt}=`;
          case 'url-safe':
            return `${encrypt.slice(0, i)}-_${encrypt.slice(i + 2)}`;
          case 'whitespace':
            return `${encrypt.slice(0, i)}\n${encrypt.slice(i)}`;
          case 'non-ascii':
            return `${encrypt.slice(0, i)}é${encrypt.slice(i + 1)}`;
          default:
            return encrypt.slice(0, i) + encrypt.slice(i + 1);
        }
      })
      .map(part('bad-base64', true)),
    // Right key, right frame, wrong PKCS#7 padding (block 32).
    fc
      .tuple(
        fc.string({ maxLength: 100 }),
        fc.constantFrom('zero', 'too-big', 'inconsistent', 'none'),
        fc.integer({ min: 33, max: 255 }),
      )
      .map(([message, how, big]) => {
        const data = frame({
          message: Buffer.from(message),
          receiveId: Buffer.from(receiveId),
        });
        const padded = pad32(data);
        const last = padded.length - 1;
        if (how === 'zero') padded.fill(0, data.length);
        if (how === 'too-big') padded[last] = big;
        if (how === 'inconsistent') {
          // The last byte says 2 or more; the first pad byte disagrees.
          if (padded[last] === 1) padded[last] = 2;
          padded[padded.length - padded[last]] = padded[last] + 1;
        }
        if (how === 'none') {
          // Only AES's 16-byte alignment, with zero bytes: no PKCS#7 at all.
          const aligned = Buffer.alloc(Math.ceil((data.length + 1) / 16) * 16);
          data.copy(aligned);
          return rawEncrypt(key, aligned).toString('base64');
        }
        return rawEncrypt(key, padded).toString('base64');
      })
      .map(part('bad-padding', true)),
    // A frame whose length field lies.
    fc
      .tuple(
        fc.string({ maxLength: 100 }),
        fc.oneof(
          fc.integer({ min: 1, max: 64 }),
          fc.constant(0xffffffff - 100),
        ),
      )
      .map(([message, lie]) => {
        const bytes = Buffer.from(message);
        const declared = (bytes.length + lie) % 0x100000000;
        return rawEncrypt(
          key,
          pad32(
            frame({
              message: bytes,
              receiveId: Buffer.from(receiveId),
              declaredLength: declared,
            }),
          ),
        ).toString('base64');
      })
      .map(part('lying-length', checksReceiveId)),
    // Sealed for someone else (another corp, suite, or a bot's empty id).
    fc
      .tuple(
        inner,
        fc.oneof(
          fc.constantFrom(
            '',
            'wwsomeoneelse',
            `${receiveId}x`,
            receiveId.slice(1),
          ),
          fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
        ),
      )
      .filter(([, rid]) => rid !== receiveId)
      .map(([message, rid]) => sealed(message, rid))
      .map(part('wrong-receiveid', checksReceiveId)),
    // Huge (about 48 KiB of base64), within the body limit.
    fc
      .integer({ min: 30_000, max: 36_000 })
      .map(n => Buffer.alloc(n, 7).toString('base64'))
      .map(part('huge-ciphertext', true)),
  );
}

/** The signed query, valid or broken one way. */
function signedQueries(
  kind: EndpointKind,
  encrypt: string,
  broken: boolean,
): fc.Arbitrary<{ pairs: Array<[string, string]>; raw: string } & Part> {
  const { token } = ENDPOINTS[kind];
  const sign = (timestamp: string, nonce: string) =>
    getSignature(token, timestamp, nonce, encrypt);
  const valid = (ts: string, nonce: string): Array<[string, string]> => [
    ['msg_signature', sign(ts, nonce)],
    ['timestamp', ts],
    ['nonce', nonce],
  ];
  const now = () => String(nowSeconds());
  type Q = { pairs: Array<[string, string]> } & Part;
  const q =
    (label: string, mustRefuse: boolean) =>
    (pairs: Array<[string, string]>): Q => ({
      pairs,
      label,
      mustRefuse,
    });

  const signed = arbitraryNonce
    .map(n => valid(now(), n))
    .map(q('signed', false));
  const query = !broken
    ? signed
    : fc.oneof(
        signed,
        fc
          .tuple(
            arbitraryNonce,
            fc.oneof(
              fc.string({
                unit: fc.constantFrom(...'0123456789abcdef'),
                minLength: 40,
                maxLength: 40,
              }),
              fc.string({ maxLength: 80 }),
              fc.constant('x'.repeat(5000)),
            ),
          )
          .map(([n, signature]) => {
            const pairs = valid(now(), n);
            pairs[0] = ['msg_signature', signature];
            return pairs;
          })
          .filter(pairs => pairs[0][1] !== sign(pairs[1][1], pairs[2][1]))
          .map(q('wrong-signature', true)),
        arbitraryNonce
          .map(n => {
            const pairs = valid(now(), n);
            pairs[0] = ['msg_signature', pairs[0][1].toUpperCase()];
            return pairs;
          })
          .filter(pairs => /[a-f]/.test(sign(pairs[1][1], pairs[2][1])))
          .map(q('uppercase-signature', true)),
        fc
          .tuple(arbitraryNonce, fc.subarray([0, 1, 2], { minLength: 1 }))
          .map(([n, drop]) =>
            valid(now(), n).filter((_, i) => !drop.includes(i)),
          )
          .map(q('missing-param', true)),
        fc
          .tuple(
            arbitraryNonce,
            fc.oneof(
              fc.integer({ min: 301, max: 10 ** 9 }),
              fc.integer({ min: -(10 ** 9), max: -301 }),
            ),
          )
          .map(([n, skew]) =>
            valid(String(Math.max(0, nowSeconds() + skew)), n),
          )
          .map(q('stale-timestamp', true)),
        fc
          .tuple(
            arbitraryNonce,
            fc.oneof(
              fc.constantFrom(
                '',
                'now',
                '1e9',
                '-1',
                ' 1',
                '1'.repeat(13),
                '0x1',
              ),
              fc.string({ maxLength: 20 }).filter(s => !/^\d{1,12}$/.test(s)),
            ),
          )
          .map(([n, ts]) => valid(ts, n))
          .map(q('bad-timestamp', true)),
        fc
          .tuple(arbitraryNonce, fc.constantFrom(0, 1, 2))
          .map(([n, i]) => {
            const pairs = valid(now(), n);
            return [...pairs, pairs[i]] as Array<[string, string]>;
          })
          .map(q('repeated-param', true)),
        fc
          .tuple(arbitraryNonce, fc.constantFrom(0, 1, 2))
          .map(([n, i]) => {
            const pairs = valid(now(), n);
            pairs[i] = [`${pairs[i][0]}[a][b]`, pairs[i][1]];
            return pairs;
          })
          .map(q('nested-param', true)),
        fc
          .integer({ min: 4097, max: 9000 })
          .map(size => valid(now(), 'n'.repeat(size)))
          .map(q('huge-nonce', true)),
      );

  // Extra parameters, some with percent sequences that do not decode.
  const extras = !broken
    ? fc.constant<string[]>([])
    : fc.array(
        fc.oneof(
          fc
            .tuple(anyText(10), anyText(50))
            .map(([k, v]) => new URLSearchParams([[k, v]]).toString()),
          fc.constantFrom(
            '%FF=%E0%A4%A',
            '%=%',
            'a[b][c][d][e][f]=1',
            '&&&',
            '=x',
          ),
        ),
        { maxLength: 3 },
      );
  return fc.tuple(query, extras).map(([qq, extra]) => ({
    ...qq,
    label: extra.length > 0 ? `${qq.label}+extra-params` : qq.label,
    raw: extra.join('&'),
  }));
}

const CONTENT_TYPES = [
  undefined,
  'text/xml',
  'application/xml; charset=utf-8',
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  'image/png',
];

/** Headers: ordinary ones, or charsets and encodings the body is not in. */
function headers(
  broken: boolean,
): fc.Arbitrary<{ headers: Record<string, string> } & Part> {
  const typed = (type: string | undefined) => ({
    headers: type ? { 'content-type': type } : ({} as Record<string, string>),
    label: 'headers',
    mustRefuse: false,
  });
  if (!broken) return fc.constantFrom(...CONTENT_TYPES).map(typed);
  return fc.oneof(
    fc.constantFrom('gbk', 'utf-16le', 'latin1', 'utf-32').map(charset => ({
      ...typed(`text/xml; charset=${charset}`),
      label: `charset-${charset}`,
    })),
    fc.constant({
      ...typed('text/xml; charset=no-such-charset'),
      label: 'unknown-charset',
      mustRefuse: true,
    }),
    fc
      .tuple(
        fc.constantFrom(...CONTENT_TYPES),
        fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'x-nonsense'),
      )
      .map(([type, encoding]) => ({
        headers: { ...typed(type).headers, 'content-encoding': encoding },
        label: `content-encoding-${encoding}`,
        // The body is plain text whatever the header claims.
        mustRefuse: true,
      })),
  );
}

/** The POST body around the ciphertext: intact, truncated, huge, wrong. */
function bodies(
  kind: EndpointKind,
  encrypt: string,
  broken: boolean,
): fc.Arbitrary<{ body: string } & Part> {
  const b = (label: string, mustRefuse: boolean) => (body: string) => ({
    body,
    label,
    mustRefuse,
  });
  if (kind === 'bot') {
    const valid = JSON.stringify({ encrypt });
    if (!broken) return fc.constant(valid).map(b('envelope', false));
    return fc.oneof(
      fc
        .nat()
        .map(n => valid.slice(0, n % valid.length))
        .map(b('truncated-json', true)),
      fc
        .jsonValue()
        .filter(v => v !== encrypt && v !== '')
        .map(v => JSON.stringify({ encrypt: v }))
        .map(b('other-encrypt', true)),
      fc
        .jsonValue()
        .filter(v => v === null || typeof v !== 'object' || Array.isArray(v))
        .map(v => JSON.stringify(v))
        .map(b('not-an-object', true)),
      fc
        .integer({ min: 1000, max: 30_000 })
        .map(
          depth =>
            `{"deep":${'['.repeat(depth)}${']'.repeat(
              depth,
            )},"encrypt":${JSON.stringify(encrypt)}}`,
        )
        .map(b('deep-nesting', false)),
      fc
        .integer({ min: 1000, max: 50_000 })
        .map(n => JSON.stringify({ pad: 'x'.repeat(n), encrypt }))
        .map(b('huge-field', false)),
      fc
        .integer({ min: 70_000, max: 120_000 })
        .map(n => JSON.stringify({ pad: 'x'.repeat(n), encrypt }))
        .map(b('over-limit', true)),
      fc
        .constant(`{"encrypt":${JSON.stringify(encrypt)},"encrypt":"x"}`)
        .map(b('repeated-key', true)),
      mutated(fc.constant(valid)).map(b('mutated-json', false)),
      fc
        .constant(`<xml><Encrypt>${encrypt}</Encrypt></xml>`)
        .map(b('xml-to-bot', true)),
      anyText(300).map(b('garbage', true)),
    );
  }
  const valid = `<xml><ToUserName><![CDATA[${RECEIVE_IDS[kind]}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`;
  if (!broken) return fc.constant(valid).map(b('envelope', false));
  return fc.oneof(
    fc
      .constant(`<xml><Encrypt>${encrypt}</Encrypt></xml>`)
      .map(b('xml-no-cdata', false)),
    fc
      .nat()
      .map(n => valid.slice(0, n % valid.length))
      .map(b('truncated-xml', true)),
    mutated(fc.constant(valid)).map(b('mutated-xml', false)),
    fc
      .constant(
        `<xml><Encrypt>${encrypt}</Encrypt><Encrypt>${encrypt}</Encrypt></xml>`,
      )
      .map(b('two-encrypts', true)),
    fc
      .constant(`<xml><Encrypt><a>${encrypt}</a></Encrypt></xml>`)
      .map(b('nested-encrypt', true)),
    fc
      .constant(
        `<!DOCTYPE x [<!ENTITY e "${encrypt}">]><xml><Encrypt>&e;</Encrypt></xml>`,
      )
      .map(b('doctype', true)),
    fc
      .integer({ min: 1000, max: 50_000 })
      .map(n => valid.replace('</xml>', `<Pad>${'x'.repeat(n)}</Pad></xml>`))
      .map(b('huge-field', false)),
    fc
      .integer({ min: 1000, max: 8000 })
      .map(depth =>
        valid.replace(
          '</xml>',
          `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</xml>`,
        ),
      )
      .map(b('deep-nesting', false)),
    fc
      .integer({ min: 70_000, max: 120_000 })
      .map(n => valid.replace('</xml>', `<Pad>${'x'.repeat(n)}</Pad></xml>`))
      .map(b('over-limit', true)),
    fc.constant(JSON.stringify({ encrypt })).map(b('json-to-xml', true)),
    anyText(300).map(b('garbage', true)),
  );
}

/** Which id the path names: the configured one, or odd ones. */
function ids(
  kind: EndpointKind,
  broken: boolean,
): fc.Arbitrary<{ id: string } & Part> {
  const known = ENDPOINTS[kind].id;
  if (!broken)
    return fc.constant({ id: known, label: 'id', mustRefuse: false });
  return fc
    .oneof(
      fc.constantFrom(
        'nope',
        '%FF',
        '%E0%A4%A',
        '..%2F..%2Fetc',
        'a%00b',
        'x'.repeat(3000),
      ),
      fc
        .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 })
        .map(encodeURIComponent),
    )
    .filter(id => id !== known)
    .map(id => ({ id, label: 'unknown-id', mustRefuse: true }));
}

const joinQuery = (pairs: Array<[string, string]>, raw: string) =>
  [new URLSearchParams(pairs).toString(), raw].filter(Boolean).join('&');

const VALID_LABELS = ['signed', 'echo', 'inner', 'id', 'envelope', 'headers'];

const combine = (...parts: Part[]) => ({
  label:
    parts
      .map(p => p.label)
      .filter(l => !VALID_LABELS.includes(l))
      .join('+') || 'valid',
  mustRefuse: parts.some(p => p.mustRefuse),
});

type Layer = 'id' | 'query' | 'cipher' | 'inner' | 'body' | 'headers';

/**
 * Which layers a case breaks: mostly one (so each check is reached with
 * everything before it intact), sometimes several, sometimes none.
 */
function brokenLayers(layers: Layer[]): fc.Arbitrary<Set<Layer>> {
  return fc
    .oneof(
      { arbitrary: fc.constant([] as Layer[]), weight: 1 },
      { arbitrary: fc.constantFrom(...layers).map(l => [l]), weight: 8 },
      { arbitrary: fc.subarray(layers, { minLength: 2 }), weight: 1 },
    )
    .map(list => new Set(list));
}

/** `GET …?msg_signature&timestamp&nonce&echostr`: URL verification. */
export function urlVerificationCases(
  kind: EndpointKind,
): fc.Arbitrary<FuzzCase> {
  return brokenLayers(['id', 'query', 'cipher']).chain(broken =>
    fc
      .tuple(
        ids(kind, broken.has('id')),
        ciphertexts(
          kind,
          'GET',
          broken.has('cipher'),
          innerMessages(kind, 'GET', false),
        ),
      )
      .chain(([id, cipher]) =>
        signedQueries(kind, cipher.encrypt, broken.has('query')).map(query => {
          const pairs: Array<[string, string]> = [
            ...query.pairs,
            ['echostr', cipher.encrypt],
          ];
          return {
            kind,
            method: 'GET' as const,
            path: `${ENDPOINTS[kind].path(id.id)}?${joinQuery(
              pairs,
              query.raw,
            )}`,
            headers: {},
            ...combine(id, cipher, query),
          };
        }),
      ),
  );
}

/** `POST …?msg_signature&timestamp&nonce` with the envelope in the body. */
export function messageCases(kind: EndpointKind): fc.Arbitrary<FuzzCase> {
  return brokenLayers([
    'id',
    'query',
    'cipher',
    'inner',
    'body',
    'headers',
  ]).chain(broken =>
    fc
      .tuple(
        ids(kind, broken.has('id')),
        ciphertexts(
          kind,
          'POST',
          broken.has('cipher'),
          innerMessages(kind, 'POST', broken.has('inner')),
        ),
        headers(broken.has('headers')),
      )
      .chain(([id, cipher, head]) =>
        fc
          .tuple(
            signedQueries(kind, cipher.encrypt, broken.has('query')),
            bodies(kind, cipher.encrypt, broken.has('body')),
          )
          .map(([query, body]) => ({
            kind,
            method: 'POST' as const,
            path: `${ENDPOINTS[kind].path(id.id)}?${joinQuery(
              query.pairs,
              query.raw,
            )}`,
            headers: head.headers,
            body: body.body,
            ...combine(id, cipher, query, body, head),
          })),
      ),
  );
}
