import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomFillSync,
} from 'node:crypto';
import * as wecomCrypto from '@wecom/crypto';
import { WeComCrypto } from '../src/crypto';
import { count, heading, median, note, ratio, table } from './report';

/**
 * Callback crypto: decrypt + verify and encrypt + sign per second, ours
 * against WeCom's own `@wecom/crypto` and against the same math written
 * directly on `node:crypto`, interleaved in one process so that noise from
 * the machine falls on all three alike.
 */

const TOKEN = 'BenchCallbackToken';
const ENCODING_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const RECEIVE_ID = 'wwbench000000001';
const TIMESTAMP = '1767225600';
const NONCE = '1234567890';

const SIZES = [
  { label: '200 B', bytes: 200 },
  { label: '2 KiB', bytes: 2 * 1024 },
  { label: '20 KiB', bytes: 20 * 1024 },
];
const ROUNDS = 7;
const SLICE_MS = 150;
const BATCH_MS = 3;

type Operation = 'decrypt + verify' | 'encrypt + sign';
type Implementation = 'ours' | '@wecom/crypto' | 'node:crypto';
const OPERATIONS: Operation[] = ['decrypt + verify', 'encrypt + sign'];
const IMPLEMENTATIONS: Implementation[] = [
  'ours',
  '@wecom/crypto',
  'node:crypto',
];

/** A custom-app text message of exactly `bytes` bytes of UTF-8. */
function messageOfSize(bytes: number): string {
  const head =
    '<xml><ToUserName>wwbench000000001</ToUserName><FromUserName>zhangsan</FromUserName><CreateTime>1767225600</CreateTime><MsgType>text</MsgType><Content>';
  const tail = '</Content><MsgId>1234567890</MsgId></xml>';
  const fill = bytes - head.length - tail.length;
  if (fill < 0) throw new Error(`a message cannot be as short as ${bytes} B`);
  return head + 'x'.repeat(fill) + tail;
}

/** The same math as WXBizMsgCrypt, written directly and without checks. */
class RawNodeCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly receiveId: Buffer;

  constructor(
    private readonly token: string,
    encodingAESKey: string,
    receiveId: string,
  ) {
    this.key = Buffer.from(`${encodingAESKey}=`, 'base64');
    this.iv = this.key.subarray(0, 16);
    this.receiveId = Buffer.from(receiveId);
  }

  signature(timestamp: string, nonce: string, encrypt: string): string {
    return createHash('sha1')
      .update([this.token, timestamp, nonce, encrypt].sort().join(''))
      .digest('hex');
  }

  decryptAndVerify(
    signature: string,
    timestamp: string,
    nonce: string,
    encrypt: string,
  ): string {
    if (this.signature(timestamp, nonce, encrypt) !== signature) {
      throw new Error('bad signature');
    }
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
    decipher.setAutoPadding(false);
    const plain = decipher.update(Buffer.from(encrypt, 'base64'));
    decipher.final();
    const length = plain.readUInt32BE(16);
    return plain.toString('utf8', 20, 20 + length);
  }

  encryptAndSign(message: string, timestamp: string, nonce: string) {
    const length = Buffer.byteLength(message);
    const dataLength = 20 + length + this.receiveId.length;
    const pad = 32 - (dataLength % 32);
    const frame = Buffer.allocUnsafe(dataLength + pad);
    randomFillSync(frame, 0, 16);
    frame.writeUInt32BE(length, 16);
    frame.write(message, 20, length);
    this.receiveId.copy(frame, 20 + length);
    frame.fill(pad, dataLength);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv);
    cipher.setAutoPadding(false);
    const encrypt = cipher.update(frame).toString('base64');
    cipher.final();
    return { encrypt, signature: this.signature(timestamp, nonce, encrypt) };
  }
}

interface Case {
  size: string;
  operation: Operation;
  implementation: Implementation;
  run: () => number;
  batch: number;
  samples: number[];
}

function buildCases(): Case[] {
  const ours = new WeComCrypto({
    token: TOKEN,
    encodingAESKey: ENCODING_AES_KEY,
    receiveId: RECEIVE_ID,
  });
  const raw = new RawNodeCrypto(TOKEN, ENCODING_AES_KEY, RECEIVE_ID);
  const cases: Case[] = [];
  for (const { label, bytes } of SIZES) {
    const message = messageOfSize(bytes);
    // Encrypted by WeCom's library, as a real callback would be.
    const encrypt = wecomCrypto.encrypt(ENCODING_AES_KEY, message, RECEIVE_ID);
    const signature = wecomCrypto.getSignature(
      TOKEN,
      TIMESTAMP,
      NONCE,
      encrypt,
    );

    // Each function returns a length so that the work cannot be optimised away.
    const fns: Record<Operation, Record<Implementation, () => number>> = {
      'decrypt + verify': {
        ours: () =>
          ours.decryptAndVerify(signature, TIMESTAMP, NONCE, encrypt).length,
        '@wecom/crypto': () => {
          if (
            wecomCrypto.getSignature(TOKEN, TIMESTAMP, NONCE, encrypt) !==
            signature
          ) {
            throw new Error('bad signature');
          }
          return wecomCrypto.decrypt(ENCODING_AES_KEY, encrypt).message.length;
        },
        'node:crypto': () =>
          raw.decryptAndVerify(signature, TIMESTAMP, NONCE, encrypt).length,
      },
      'encrypt + sign': {
        ours: () =>
          ours.encryptAndSign(message, TIMESTAMP, NONCE).signature.length,
        '@wecom/crypto': () => {
          const sealed = wecomCrypto.encrypt(
            ENCODING_AES_KEY,
            message,
            RECEIVE_ID,
          );
          return wecomCrypto.getSignature(TOKEN, TIMESTAMP, NONCE, sealed)
            .length;
        },
        'node:crypto': () =>
          raw.encryptAndSign(message, TIMESTAMP, NONCE).signature.length,
      },
    };

    checkAgreement(ours, raw, message, encrypt, signature);
    for (const operation of OPERATIONS) {
      for (const implementation of IMPLEMENTATIONS) {
        cases.push({
          size: label,
          operation,
          implementation,
          run: fns[operation][implementation],
          batch: 1,
          samples: [],
        });
      }
    }
  }
  return cases;
}

/** The three must compute the same thing, or the comparison means nothing. */
function checkAgreement(
  ours: WeComCrypto,
  raw: RawNodeCrypto,
  message: string,
  encrypt: string,
  signature: string,
) {
  const opened = [
    ours.decryptAndVerify(signature, TIMESTAMP, NONCE, encrypt),
    wecomCrypto.decrypt(ENCODING_AES_KEY, encrypt).message,
    raw.decryptAndVerify(signature, TIMESTAMP, NONCE, encrypt),
  ];
  const sealedByOurs = ours.encryptAndSign(message, TIMESTAMP, NONCE);
  const sealedByRaw = raw.encryptAndSign(message, TIMESTAMP, NONCE);
  const agree =
    opened.every(text => text === message) &&
    wecomCrypto.decrypt(ENCODING_AES_KEY, sealedByOurs.encrypt).message ===
      message &&
    wecomCrypto.getSignature(TOKEN, TIMESTAMP, NONCE, sealedByOurs.encrypt) ===
      sealedByOurs.signature &&
    ours.decryptAndVerify(
      sealedByRaw.signature,
      TIMESTAMP,
      NONCE,
      sealedByRaw.encrypt,
    ) === message;
  if (!agree) throw new Error('the crypto implementations disagree');
}

let sink = 0;

/** Grows the batch until one batch takes about BATCH_MS. */
function calibrate(c: Case) {
  for (;;) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < c.batch; i++) sink += c.run();
    const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (elapsedMs >= BATCH_MS) return;
    c.batch *= 2;
  }
}

/** Operations per second over one slice of SLICE_MS. */
function sample(c: Case): number {
  let operations = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0;
  do {
    for (let i = 0; i < c.batch; i++) sink += c.run();
    operations += c.batch;
    elapsedNs = Number(process.hrtime.bigint() - start);
  } while (elapsedNs < SLICE_MS * 1e6);
  return operations / (elapsedNs / 1e9);
}

export async function run(): Promise<void> {
  heading('Callback crypto');
  const cases = buildCases();
  // Warm-up: let V8 optimise every path before anything counts.
  for (const c of cases) calibrate(c);
  for (const c of cases) sample(c);

  for (let round = 0; round < ROUNDS; round++) {
    // Interleave: every round visits every case, in a rotated order, so a
    // burst of noise does not land on one implementation only.
    const offset = round % IMPLEMENTATIONS.length;
    for (let i = 0; i < cases.length; i += IMPLEMENTATIONS.length) {
      for (let j = 0; j < IMPLEMENTATIONS.length; j++) {
        const c = cases[i + ((j + offset) % IMPLEMENTATIONS.length)];
        c.samples.push(sample(c));
      }
    }
    // Let the event loop breathe (and the process stay interruptible).
    await new Promise(resolve => setImmediate(resolve));
  }

  const opsPerSecond = (
    size: string,
    operation: Operation,
    impl: Implementation,
  ) =>
    median(
      cases.find(
        c =>
          c.size === size &&
          c.operation === operation &&
          c.implementation === impl,
      )!.samples,
    );

  note(
    `Operations per second, median of ${ROUNDS} interleaved rounds of ${SLICE_MS} ms per case after a warm-up; one core. ` +
      'Decrypt + verify: check the signature, decrypt, unpad and read the frame (ours also checks padding, length, receiveId and strict base64). ' +
      'Encrypt + sign: frame with 16 random bytes, pad, encrypt, base64, sign.\n',
  );
  const rows: string[][] = [];
  for (const operation of OPERATIONS) {
    for (const { label } of SIZES) {
      const ours = opsPerSecond(label, operation, 'ours');
      const wecom = opsPerSecond(label, operation, '@wecom/crypto');
      const raw = opsPerSecond(label, operation, 'node:crypto');
      rows.push([
        operation,
        label,
        count(ours),
        count(wecom),
        count(raw),
        ratio(ours / wecom, { atLeast: 1 }),
        ratio(ours / raw, { atLeast: 0.9 }),
      ]);
    }
  }
  table(
    [
      'Operation',
      'Message',
      'ours (op/s)',
      '@wecom/crypto (op/s)',
      'node:crypto (op/s)',
      'ours / @wecom/crypto (≥1)',
      'ours / node:crypto (≥0.9)',
    ],
    rows,
  );
  if (sink === 0) note('(unreachable: keeps the work observable)');
}
