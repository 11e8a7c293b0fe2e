import { timingSafeEqual } from 'node:crypto';
import { WeComCrypto, WeComCryptoErrorCode } from '../crypto';
import { VersionedCache, settingsDigest } from '../integrations/VersionedCache';
import { WeComIntegration } from '../integrations/types';
import {
  CallbackKind,
  callbackKeysOf,
  refusal,
  unknownIntegration,
} from './callbackKeys';
import { CallbackRefusal, Signed, refuseOnBadInput as guard } from './refusals';

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
  /** Signature checkers per integration, kind and where the keys came from. */
  readonly #checkers = new VersionedCache<WeComCrypto>();

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
    const known = [
      { integration: cached, source: 'index' },
      ...(last ? [{ integration: last.integration, source: 'read' }] : []),
    ];
    if (
      known.some(k =>
        this.signs(k.integration, k.source, kind, signed, encrypted),
      )
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
    if (!this.signs(fresh, 'read', kind, signed, encrypted)) {
      refuseSignature();
    }
    return fresh;
  }

  /** Forgets what was read of `id` (it changed on this replica). */
  forget(id: string) {
    this.#lastRead.delete(id);
  }

  private signs(
    integration: WeComIntegration,
    source: string,
    kind: CallbackKind,
    signed: Signed,
    encrypted: string,
  ): boolean {
    let checker: WeComCrypto;
    try {
      const { keys } = callbackKeysOf(integration, kind);
      checker = this.#checkers.get(
        `${integration.id}\u0000${kind}\u0000${source}`,
        settingsDigest(keys.token, keys.encodingAESKey),
        () => guard(() => new WeComCrypto({ ...keys, receiveId: '' })),
      );
    } catch {
      // That copy has no keys for this URL (or unusable ones): not signed.
      return false;
    }
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
