import { timingSafeEqual } from 'node:crypto';
import { WeComCrypto, WeComCryptoErrorCode } from '../crypto';
import { CallbackKeys, WeComIntegration } from '../integrations/types';
import {
  CallbackKind,
  callbackKeysOf,
  refusal,
  unknownIntegration,
} from './callbackKeys';
import { CallbackRefusal, Signed } from './refusals';

/**
 * How long a replica's last read of an integration spares the database
 * when a callback's signature matches none of the keys it knows (default
 * 1 s): keys rotated on another replica are picked up within a second,
 * and a flood of forged signatures costs at most one read a second.
 */
export const SIGNATURE_MISS_REREAD_MS = 1_000;

/**
 * Finds the stored integration whose keys signed a callback, checking the
 * signature (one SHA-1) before the database is read:
 *
 * - signed with the keys of the cached index or of this replica's last
 *   read: the integration is read exactly, so keys rotated or an
 *   integration deleted on another replica count at once (the old keys,
 *   perhaps leaked, are refused by the caller's decryption);
 * - signed with neither: a 401 without a read, unless the last read is a
 *   second old; then it is read once (shared by concurrent requests) and
 *   the signature checked against what it holds, so a rotation saved on
 *   another replica is accepted after that one read.
 *
 * What it remembers is one read per integration the index lists, never
 * anything a request sent.
 */
export class SignedIntegrationLookup {
  readonly #lastRead = new Map<
    string,
    { at: number; integration: WeComIntegration }
  >();
  readonly #rereads = new Map<string, Promise<WeComIntegration>>();
  /**
   * Signature checkers by the keys object they were built from (the
   * index's copy, a read's): built once per copy, not per request.
   */
  readonly #checkers = new WeakMap<CallbackKeys, WeComCrypto | null>();

  constructor(
    private readonly options: {
      integrations: { get(id: string): Promise<WeComIntegration | undefined> };
      now: () => number;
      rereadMs?: number;
    },
  ) {}

  /**
   * The integration `id` as stored, when its keys for `kind` signed
   * `encrypted`; refuses with 401 (signature) or 404 (gone, or this URL
   * not in use) otherwise.
   * `cached` is the index's copy, which decided the id is known.
   */
  async integrationThatSigned(
    cached: WeComIntegration,
    kind: CallbackKind,
    signed: Signed,
    encrypted: string,
  ): Promise<WeComIntegration> {
    const { id } = cached;
    const last = this.#lastRead.get(id);
    const cachedKeys = keysIn(cached, kind);
    const lastKeys = last && keysIn(last.integration, kind);
    if (
      this.signs(cachedKeys, signed, encrypted) ||
      (lastKeys?.token !== cachedKeys?.token &&
        this.signs(lastKeys, signed, encrypted))
    ) {
      return this.read(id);
    }
    const rereadMs = this.options.rereadMs ?? SIGNATURE_MISS_REREAD_MS;
    if (last && this.options.now() - last.at < rereadMs) {
      // A 404 when the freshest copy does not use this URL at all.
      callbackKeysOf(last.integration, kind);
      refuseSignature();
    }
    const fresh = await this.reread(id);
    callbackKeysOf(fresh, kind);
    if (!this.signs(keysIn(fresh, kind), signed, encrypted)) {
      refuseSignature();
    }
    return fresh;
  }

  /** Forgets what was read of `id` (it changed on this replica). */
  forget(id: string) {
    this.#lastRead.delete(id);
  }

  private signs(
    keys: CallbackKeys | undefined,
    signed: Signed,
    encrypted: string,
  ): boolean {
    const checker = keys && this.checker(keys);
    if (!checker) return false;
    // Compared here rather than by verifySignature, which throws: a
    // forgery should not pay for an error's stack trace per key tried.
    const expected = Buffer.from(
      checker.signature(signed.timestamp, signed.nonce, encrypted),
      'latin1',
    );
    // UTF-8, not latin1: a non-ASCII character must never alias a hex digit.
    const received = Buffer.from(signed.signature, 'utf8');
    return (
      received.length === expected.length && timingSafeEqual(received, expected)
    );
  }

  private checker(keys: CallbackKeys): WeComCrypto | null {
    let checker = this.#checkers.get(keys);
    if (checker === undefined) {
      try {
        checker = new WeComCrypto({ ...keys, receiveId: '' });
      } catch {
        checker = null; // unusable keys sign nothing
      }
      this.#checkers.set(keys, checker);
    }
    return checker;
  }

  /** Concurrent misses of one integration share one read. */
  private reread(id: string): Promise<WeComIntegration> {
    let reading = this.#rereads.get(id);
    if (!reading) {
      reading = this.read(id).finally(() => this.#rereads.delete(id));
      this.#rereads.set(id, reading);
    }
    return reading;
  }

  private async read(id: string): Promise<WeComIntegration> {
    const at = this.options.now();
    const integration = await this.options.integrations.get(id);
    if (!integration) {
      this.#lastRead.delete(id);
      throw refusal(unknownIntegration(id));
    }
    this.#lastRead.set(id, { at, integration });
    return integration;
  }
}

/** The 401 the crypto answers a signature that does not match with. */
function refuseSignature(): never {
  throw new CallbackRefusal(
    401,
    `message signature does not match (${WeComCryptoErrorCode.ValidateSignatureError})`,
  );
}

/**
 * The keys object a callback URL of `integration` uses, as stored in it
 * (the same object for as long as that copy lives), if the URL is in use.
 */
function keysIn(
  integration: WeComIntegration,
  kind: CallbackKind,
): CallbackKeys | undefined {
  if (kind === 'callback') return integration.callback;
  return integration.bot?.mode === 'callback' ? integration.bot : undefined;
}
