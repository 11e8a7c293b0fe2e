import { LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import {
  WeComCrypto,
  WeComCryptoErrorCode,
  WeComDecrypted,
  parseXmlEnvelope,
  parseXmlSafely,
} from '../crypto';
import { findSuite } from '../integrations/secretDestinations';
import { SuiteStore } from '../integrations/SuiteStore';
import { WeComIntegration, WeComSuiteConfig } from '../integrations/types';
import { AppEventIntake } from './AppEventIntake';
import { ThrottledWarnings } from './ThrottledWarnings';
import { CORP_ID, openSuiteRequest, suiteCrypto } from './suiteRequest';
import {
  CallbackRefusal,
  Signed,
  SignedQuery,
  refuseOnBadInput as guard,
  requireParam as required,
} from './refusals';

// A corp that keeps sending after it removed the app is logged as a
// warning once in this long, at debug level in between.
const WARN_EVERY_MS = 10 * 60_000;

/** A scalar field of the decrypted XML as text; anything else is missing. */
function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : undefined;
}

/**
 * A third-party app's messages and events, card clicks included: WeCom
 * posts them for every authorizing corp to the suite's one "数据回调URL",
 * sealed with the suite's Token and EncodingAESKey (page 91116), with the
 * authorizing corp's CorpID as ToUserName (page 90376). Each is handed to
 * that corp's `thirdPartyApp` integration exactly as a custom app's
 * callback is. The suite's signature is the only authentication, so a
 * forged, unsigned or stale request is refused with a 4xx; a signed event
 * for a corp we cannot act for (no integration, authorization missing or
 * cancelled, another agent) is answered 200 with an empty body, because
 * WeCom retrying it cannot change that.
 */
export class SuiteDataCallbackService {
  private readonly cryptos = new Map<string, WeComCrypto>();
  private readonly ignored: ThrottledWarnings;

  constructor(
    private readonly options: {
      suites: WeComSuiteConfig[];
      suiteStore: Pick<SuiteStore, 'getAuthorization'>;
      /**
       * Finds the corp's integrations in the cached index, then reads each
       * exactly: one deleted on another replica gets no event.
       */
      integrations: {
        find(
          matches: (integration: WeComIntegration) => boolean,
        ): Promise<WeComIntegration[]>;
        get(id: string): Promise<WeComIntegration | undefined>;
      };
      appEvents: Pick<AppEventIntake, 'accept'>;
      logger: LoggerService;
      maxClockSkewSeconds: number;
      now?: () => DateTime;
    },
  ) {
    this.ignored = new ThrottledWarnings(
      options.logger,
      WARN_EVERY_MS,
      () => options.now?.().toMillis() ?? Date.now(),
    );
  }

  /**
   * URL verification: the decrypted echostr. Which receiveId WeCom seals
   * it for is not settled (a WeCom staff answer says the provider's own
   * CorpID, which no setting here holds), so only the signature and the
   * framing are checked, as for the instruction callback.
   */
  async verifyUrl(suiteId: string, query: SignedQuery): Promise<string> {
    const { crypto, signed } = this.open(suiteId, query);
    const echostr = required(query.echostr, 'echostr');
    return this.decrypt(crypto, signed, echostr).message;
  }

  /** An app event of an authorizing corp; always answered with an empty body. */
  async receive(suiteId: string, query: SignedQuery, body: string) {
    const { crypto, signed, suite } = this.open(suiteId, query);
    const envelope = guard(() => parseXmlEnvelope(body));
    const decrypted = this.decrypt(crypto, signed, envelope.encrypt);
    const inner = guard(() => parseXmlSafely(decrypted.message));
    const root = (inner.xml ?? inner) as Record<string, unknown>;
    const corpId = scalar(root.ToUserName);
    if (!corpId || !CORP_ID.test(corpId)) {
      throw new CallbackRefusal(400, 'ToUserName is not a WeCom corp id');
    }
    // Which receiveId seals a data callback is not settled: page 90968
    // says the suite id for third-party callbacks, a WeCom staff answer
    // says the authorizing corp's CorpID. Either is accepted; nothing else
    // is. The corp is read from ToUserName, inside the same signed plaintext.
    if (decrypted.receiveId !== suiteId && decrypted.receiveId !== corpId) {
      throw new CallbackRefusal(
        400,
        `message is sealed for another receiveId than suite ${suiteId} or corp ${corpId} (${WeComCryptoErrorCode.ValidateCorpidError})`,
      );
    }

    const integrations = await this.integrationsOf(suite, corpId);
    const problem =
      integrations.length === 0
        ? `no thirdPartyApp integration of suite ${suiteId} has Corp ID ${corpId}`
        : await this.authorizationProblem(suiteId, corpId, root.AgentID);
    if (problem) {
      this.ignore(suiteId, corpId, problem);
      return '';
    }
    // Normally one; should two integrations name the same corp, each gets
    // the event and acts only on what is its own (its cards' task ids).
    for (const integration of integrations) {
      await this.options.appEvents.accept(integration.id, inner);
    }
    // Page 90238: 以空串为返回包 when there is nothing to answer.
    return '';
  }

  private async integrationsOf(suite: WeComSuiteConfig, corpId: string) {
    const matches = (i: WeComIntegration) =>
      i.mode === 'thirdPartyApp' &&
      i.corpId === corpId &&
      findSuite(i, this.options.suites)?.suiteId === suite.suiteId;
    const candidates = await this.options.integrations.find(matches);
    const current = await Promise.all(
      candidates.map(i => this.options.integrations.get(i.id)),
    );
    return current.filter(
      (i): i is WeComIntegration => i !== undefined && matches(i),
    );
  }

  /**
   * Why the corp's event must not count: no live authorization of this
   * suite, or an AgentID other than the app the corp authorized
   * (`auth_info.agent[0].agentid`, page 90603). Events without an AgentID
   * are accepted (not every event carries one, page 90376).
   */
  private async authorizationProblem(
    suiteId: string,
    corpId: string,
    agentIdField: unknown,
  ): Promise<string | undefined> {
    const authorization = await this.options.suiteStore.getAuthorization(
      suiteId,
      corpId,
    );
    if (!authorization) {
      return `corp ${corpId} has not authorized suite ${suiteId}`;
    }
    if (authorization.cancelledAt) {
      return `corp ${corpId} cancelled its authorization of suite ${suiteId}`;
    }
    const agentId = scalar(agentIdField);
    if (agentId && Number(agentId) !== authorization.agentId) {
      return `AgentID ${agentId} is not the app corp ${corpId} authorized (${
        authorization.agentId ?? 'none'
      })`;
    }
    return undefined;
  }

  private ignore(suiteId: string, corpId: string, problem: string) {
    this.ignored.log(
      `${suiteId}\u0000${corpId}\u0000${problem}`,
      `Ignoring a WeCom data callback of suite ${suiteId}: ${problem}`,
    );
  }

  /** Signature checked, then the frame decrypted with its receiveId. */
  private decrypt(
    crypto: WeComCrypto,
    signed: Signed,
    encrypted: string,
  ): WeComDecrypted {
    return guard(() => {
      crypto.verifySignature(
        signed.signature,
        signed.timestamp,
        signed.nonce,
        encrypted,
      );
      return crypto.decrypt(encrypted);
    });
  }

  private open(suiteId: string, query: SignedQuery) {
    const { suite, signed } = openSuiteRequest(this.options, suiteId, query);
    return { crypto: this.cryptoOf(suite), signed, suite };
  }

  private cryptoOf(suite: WeComSuiteConfig): WeComCrypto {
    let crypto = this.cryptos.get(suite.suiteId);
    if (!crypto) {
      // The receiveId given here is not enforced: receive() checks it.
      crypto = suiteCrypto(suite);
      this.cryptos.set(suite.suiteId, crypto);
    }
    return crypto;
  }
}
