import { LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import {
  WeComCrypto,
  parseJsonEnvelope,
  parseXmlEnvelope,
  parseXmlSafely,
  buildJsonReply,
} from '../crypto';
import { IntegrationService } from '../integrations/IntegrationService';
import { IntegrationStateStore } from '../integrations/IntegrationStateStore';
import { IntegrationIndex } from '../integrations/IntegrationIndex';
import { CallbackKeys } from '../integrations/types';
import { VersionedCache, settingsDigest } from '../integrations/VersionedCache';
import { AppEventIntake } from './AppEventIntake';
import { CallbackDispatcher } from './CallbackDispatcher';
import { parseBotMessage } from './parseAppEvent';
import {
  CallbackKind,
  callbackKeysOf,
  refusal,
  unknownIntegration,
} from './callbackKeys';
import { SignedIntegrationLookup } from './SignedIntegrationLookup';
import {
  MalformedCallbackError,
  RefusalAnswer,
  Signed,
  SignedQuery,
  readSignedQuery,
  refuseOnBadInput as guard,
  requireParam as requireString,
} from './refusals';

/**
 * Verifies, decrypts, de-duplicates and dispatches WeCom's callbacks. The
 * WeCom signature is the only authentication these endpoints have, so
 * every check is strict and every refusal a 4xx with a reason.
 */
export class CallbackService {
  /**
   * Keyed by the keys themselves (a digest), not only the integration: a
   * signed callback reads its integration from the database, so a rotation
   * saved on any replica takes effect on all of them at once.
   */
  private readonly cryptoCache = new VersionedCache<WeComCrypto>();
  /** Checks the signature before the database is read (forgeries cost none). */
  private readonly signers: SignedIntegrationLookup;
  /** Parses and queues app events; the suites' data callback shares it. */
  readonly appEvents: AppEventIntake;

  constructor(
    private readonly options: {
      integrations: IntegrationService;
      /** Cached: decides which ids are refused before the body is read. */
      index: Pick<IntegrationIndex, 'get'>;
      state: IntegrationStateStore;
      dispatcher: CallbackDispatcher;
      logger: LoggerService;
      maxClockSkewSeconds: number;
      now?: () => DateTime;
      /** How often a signature no known key made may re-read (default 1 s). */
      signatureMissRereadMs?: number;
    },
  ) {
    this.signers = new SignedIntegrationLookup({
      integrations: options.integrations,
      now: () => options.now?.().toMillis() ?? Date.now(),
      rereadMs: options.signatureMissRereadMs,
    });
    options.integrations.onChange(id => this.forget(id));
    this.appEvents = new AppEventIntake(options);
  }

  /** URL verification: answers the decrypted echostr. */
  async verifyUrl(id: string, kind: CallbackKind, query: SignedQuery) {
    const { crypto, signed, encrypted } = await this.open(id, kind, query, () =>
      requireString(query.echostr, 'echostr'),
    );
    const plain = this.decrypt(crypto, signed, encrypted);
    await this.options.state.markVerified(id, kind);
    return plain;
  }

  /**
   * A custom-app event (XML). Answers an empty body once it is queued: the
   * reply when there is nothing to answer (page 90238, 以空串为返回包;
   * `success` is what suite instruction callbacks answer, not these).
   */
  async receiveAppCallback(id: string, query: SignedQuery, body: string) {
    const { crypto, signed, encrypted } = await this.open(
      id,
      'callback',
      query,
      () => guard(() => parseXmlEnvelope(body)).encrypt,
    );
    const inner = guard(() =>
      parseXmlSafely(this.decrypt(crypto, signed, encrypted)),
    );
    await this.appEvents.accept(id, inner);
    return '';
  }

  /** A smart-bot message (JSON). Answers the handlers' encrypted reply. */
  async receiveBotCallback(id: string, query: SignedQuery, body: string) {
    const { crypto, signed, encrypted } = await this.open(
      id,
      'bot',
      query,
      () => guard(() => parseJsonEnvelope(parseJson(body))).encrypt,
    );
    const json = guard(() =>
      parseJson(this.decrypt(crypto, signed, encrypted)),
    );
    const message = guard(() =>
      parseBotMessage(id, json as Record<string, any>),
    );
    await this.appEvents.markReceived(id);
    // Not de-duplicated here: WeCom retries a message whose answer did not
    // reach it, and the retry needs that answer again. The AI SRE bot
    // recognises a retry by its stream row (one statement, so a failure
    // cannot leave a message "seen" but unanswered); a module's handler
    // de-duplicates by msgid itself.
    const reply = await this.options.dispatcher.answerBotMessage(message);
    if (!reply) return undefined;
    const sealed = crypto.encryptAndSign(JSON.stringify(reply));
    return buildJsonReply(sealed);
  }

  /**
   * A 404 for an id no integration has (in the cached index), before the
   * body is read; undefined otherwise. A plain value, not an error: the
   * router answers it directly, so a flood of made-up ids costs one map
   * lookup each.
   */
  async integrationRefusal(id: string): Promise<RefusalAnswer | undefined> {
    return (await this.options.index.get(id))
      ? undefined
      : unknownIntegration(id);
  }

  /**
   * Everything a callback is checked with before it is decrypted, cheapest
   * first: the cached index (404), the query (400, 403), the envelope
   * (400), the signature against the keys this replica knows (401, or 404
   * when the URL is not in use), and only then the integration as stored,
   * whose keys decrypt it.
   */
  private async open(
    id: string,
    kind: CallbackKind,
    query: SignedQuery,
    readEncrypted: () => string,
  ) {
    const cached = await this.options.index.get(id);
    if (!cached) throw refusal(unknownIntegration(id));
    const signed = readSignedQuery(
      query,
      this.options.maxClockSkewSeconds,
      this.options.now?.(),
    );
    const encrypted = readEncrypted();
    const integration = await this.signers.integrationThatSigned(
      cached,
      kind,
      signed,
      encrypted,
    );
    const { keys, receiveId } = callbackKeysOf(integration, kind);
    return {
      crypto: this.crypto(id, kind, keys, receiveId),
      signed,
      encrypted,
    };
  }

  private decrypt(
    crypto: WeComCrypto,
    signed: Signed,
    encrypted: string,
  ): string {
    return guard(() =>
      crypto.decryptAndVerify(
        signed.signature,
        signed.timestamp,
        signed.nonce,
        encrypted,
      ),
    );
  }

  private crypto(
    id: string,
    kind: CallbackKind,
    keys: CallbackKeys,
    receiveId: string,
  ): WeComCrypto {
    return this.cryptoCache.get(
      `${id}\u0000${kind}`,
      settingsDigest(keys.token, keys.encodingAESKey, receiveId),
      () =>
        guard(
          () =>
            new WeComCrypto({
              token: keys.token,
              encodingAESKey: keys.encodingAESKey,
              receiveId,
            }),
        ),
    );
  }

  private forget(id: string) {
    this.signers.forget(id);
    this.cryptoCache.delete(`${id}\u0000callback`);
    this.cryptoCache.delete(`${id}\u0000bot`);
  }
}

function parseJson(text: string): unknown {
  const value = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MalformedCallbackError('Body is not a JSON object');
  }
  return value;
}
