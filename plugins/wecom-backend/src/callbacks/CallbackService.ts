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
import { CallbackKeys, botCallbackKeys } from '../integrations/types';
import { VersionedCache, settingsDigest } from '../integrations/VersionedCache';
import { AppEventIntake } from './AppEventIntake';
import { CallbackDispatcher } from './CallbackDispatcher';
import { parseBotMessage } from './parseAppEvent';
import {
  CallbackRefusal,
  MalformedCallbackError,
  RefusalAnswer,
  Signed,
  SignedQuery,
  readSignedQuery,
  refuseOnBadInput as guard,
  requireParam as requireString,
} from './refusals';

type Kind = 'callback' | 'bot';

/**
 * Verifies, decrypts, de-duplicates and dispatches WeCom's callbacks. The
 * WeCom signature is the only authentication these endpoints have, so
 * every check is strict and every refusal a 4xx with a reason.
 */
export class CallbackService {
  /**
   * Keyed by the keys themselves (a digest), not only the integration: the
   * integration is read from the database on every callback, so a rotation
   * saved on any replica takes effect on all of them at once.
   */
  private readonly cryptoCache = new VersionedCache<WeComCrypto>();
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
    },
  ) {
    options.integrations.onChange(id => this.forget(id));
    this.appEvents = new AppEventIntake(options);
  }

  /** URL verification: answers the decrypted echostr. */
  async verifyUrl(id: string, kind: Kind, query: SignedQuery) {
    const { crypto, signed } = await this.open(id, kind, query);
    const echostr = requireString(query.echostr, 'echostr');
    const plain = this.decrypt(crypto, signed, echostr);
    await this.options.state.markVerified(id, kind);
    return plain;
  }

  /**
   * A custom-app event (XML). Answers an empty body once it is queued: the
   * reply when there is nothing to answer (page 90238, 以空串为返回包;
   * `success` is what suite instruction callbacks answer, not these).
   */
  async receiveAppCallback(id: string, query: SignedQuery, body: string) {
    const { crypto, signed } = await this.open(id, 'callback', query);
    const envelope = guard(() => parseXmlEnvelope(body));
    const inner = guard(() =>
      parseXmlSafely(this.decrypt(crypto, signed, envelope.encrypt)),
    );
    await this.appEvents.accept(id, inner);
    return '';
  }

  /** A smart-bot message (JSON). Answers the handlers' encrypted reply. */
  async receiveBotCallback(id: string, query: SignedQuery, body: string) {
    const { crypto, signed } = await this.open(id, 'bot', query);
    const envelope = guard(() => parseJsonEnvelope(parseJson(body)));
    const json = guard(() =>
      parseJson(this.decrypt(crypto, signed, envelope.encrypt)),
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
    return (await this.options.index.get(id)) ? undefined : unknown(id);
  }

  private async open(id: string, kind: Kind, query: SignedQuery) {
    // Read exactly, not from the index: keys rotated on another replica
    // count at once there, and the old ones (perhaps leaked) are refused.
    const integration = await this.options.integrations.get(id);
    if (!integration) {
      const { status, reason } = unknown(id);
      throw new CallbackRefusal(status, reason);
    }
    if (kind === 'bot' && integration.bot?.mode === 'longConnection') {
      throw new CallbackRefusal(
        404,
        `Integration "${id}" reaches its smart bot over the long connection; its bot callback URL is not used`,
      );
    }
    const keys =
      kind === 'callback' ? integration.callback : botCallbackKeys(integration);
    if (!keys) {
      throw new CallbackRefusal(
        404,
        `Integration "${id}" has no ${
          kind === 'callback' ? 'callback' : 'bot'
        } Token and EncodingAESKey configured`,
      );
    }
    const signed = readSignedQuery(
      query,
      this.options.maxClockSkewSeconds,
      this.options.now?.(),
    );
    const receiveId = kind === 'callback' ? integration.corpId : '';
    return { crypto: this.crypto(id, kind, keys, receiveId), signed };
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
    kind: Kind,
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
    this.cryptoCache.delete(`${id}\u0000callback`);
    this.cryptoCache.delete(`${id}\u0000bot`);
  }
}

function unknown(id: string): RefusalAnswer {
  return { status: 404, reason: `No WeCom integration with id "${id}"` };
}

function parseJson(text: string): unknown {
  const value = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MalformedCallbackError('Body is not a JSON object');
  }
  return value;
}
