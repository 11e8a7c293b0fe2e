import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import { parseXmlEnvelope, parseXmlSafely } from '../crypto';
import { SuiteAuthCodeStore } from '../integrations/SuiteAuthCodeStore';
import { SuiteStore } from '../integrations/SuiteStore';
import { WeComSuiteConfig } from '../integrations/types';
import { SuiteAuthCodeExchange } from './SuiteAuthCodeExchange';
import { authorizedApp, createSuiteClient } from './suiteClient';
import { CORP_ID, openSuiteRequest, suiteCrypto } from './suiteRequest';
import {
  CallbackRefusal,
  SignedQuery,
  refuseOnBadInput as guard,
  requireParam as required,
} from './refusals';

// 临时授权码,最长为512字节 (pages 90642, 94758). Its alphabet is not
// documented, so only the length is checked.
const MAX_AUTH_CODE_BYTES = 512;

/**
 * When WeCom issued the instruction: its TimeStamp element (every
 * instruction has one, page 90642). Without one, the time WeCom signed the
 * request, which is authenticated too but later for a retried instruction.
 */
function instructionTime(value: unknown, signedTimestamp: string): DateTime {
  const text = typeof value === 'number' ? String(value) : scalar(value);
  if (text === undefined || text === '') {
    return DateTime.fromSeconds(Number(signedTimestamp), { zone: 'utc' });
  }
  if (!/^\d{1,12}$/.test(text)) {
    throw new CallbackRefusal(400, 'TimeStamp is not a unix time');
  }
  return DateTime.fromSeconds(Number(text), { zone: 'utc' });
}

/** A text field of the instruction; elements with children are not text. */
function scalar(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Third-party app mode: keeps the suite_ticket WeCom pushes every ten
 * minutes and, for each corp that installs the suite, the permanent code,
 * the app's agent id and the authorized scope, current through create_auth,
 * reset_permanent_code, change_auth and cancel_auth. Every instruction is
 * answered `success` once handled (page 97172), a cancelled or unknown corp
 * included: WeCom retries anything else, and a retry cannot change the
 * outcome.
 *
 * Instructions may arrive late or twice (WeCom's retries, a replay within
 * the signature's window): each carries its TimeStamp, and one older than
 * the instruction that last set or cancelled the corp's authorization is
 * ignored, so a late cancel_auth never disables an app installed again.
 */
export class SuiteCallbackService {
  readonly exchange: SuiteAuthCodeExchange;

  constructor(
    private readonly options: {
      suites: WeComSuiteConfig[];
      suiteStore: SuiteStore;
      authCodes: SuiteAuthCodeStore;
      cache: CacheService;
      logger: LoggerService;
      maxClockSkewSeconds: number;
      now?: () => DateTime;
    },
  ) {
    this.exchange = new SuiteAuthCodeExchange({
      codes: options.authCodes,
      suiteStore: options.suiteStore,
      suites: options.suites,
      clientFor: suite => this.suiteClient(suite),
      logger: options.logger,
      now: options.now,
    });
  }

  async verifyUrl(suiteId: string, query: SignedQuery): Promise<string> {
    const { crypto, signed } = this.open(suiteId, query);
    const echostr = required(query.echostr, 'echostr');
    return guard(() => {
      crypto.verifySignature(
        signed.signature,
        signed.timestamp,
        signed.nonce,
        echostr,
      );
      // URL verification is sealed for the provider's corp, instructions
      // for the suite: only the signature and the framing are checked here.
      return crypto.decrypt(echostr).message;
    });
  }

  async receive(suiteId: string, query: SignedQuery, body: string) {
    const { crypto, signed, suite } = this.open(suiteId, query);
    const envelope = guard(() => parseXmlEnvelope(body));
    const xml = guard(() =>
      parseXmlSafely(
        crypto.decryptAndVerify(
          signed.signature,
          signed.timestamp,
          signed.nonce,
          envelope.encrypt,
        ),
      ),
    );
    const root = (xml.xml ?? xml) as Record<string, unknown>;
    const infoType = scalar(root.InfoType) ?? '';
    const ticket = scalar(root.SuiteTicket);
    const authCode = scalar(root.AuthCode);
    const authCorpId = scalar(root.AuthCorpId);
    if (authCorpId && !CORP_ID.test(authCorpId)) {
      throw new CallbackRefusal(400, 'AuthCorpId is not a WeCom corp id');
    }
    if (authCode && Buffer.byteLength(authCode) > MAX_AUTH_CODE_BYTES) {
      throw new CallbackRefusal(400, 'AuthCode is longer than 512 bytes');
    }
    const instructionAt = instructionTime(root.TimeStamp, signed.timestamp);
    const { suiteStore, logger } = this.options;
    if (infoType === 'suite_ticket' && ticket) {
      await suiteStore.saveTicket(suiteId, ticket);
    } else if (
      (infoType === 'create_auth' || infoType === 'reset_permanent_code') &&
      authCode
    ) {
      // 授权成功通知 (page 90642) and 重置永久授权码通知 (page 94758): the
      // answer is due within 1000 ms, so the code is recorded, answered,
      // and exchanged for the permanent code afterwards.
      const recorded = await this.options.authCodes.record({
        suiteId: suite.suiteId,
        infoType,
        authCode,
        instructionAt,
      });
      if (recorded) setImmediate(() => void this.exchange.kick());
      else logger.info(`WeCom repeated ${infoType} of suite ${suiteId}`);
    } else if (infoType === 'change_auth' && authCorpId) {
      // Answered first, like create_auth: the 1000 ms of page 90642 cover
      // every authorization instruction, and get_auth_info may take longer.
      // The read never throws (it logs); if this replica dies before it,
      // the next change_auth or create_auth reads the authorization again.
      setImmediate(
        () => void this.refreshAuthorization(suite, authCorpId, instructionAt),
      );
    } else if (infoType === 'cancel_auth' && authCorpId) {
      // 取消授权通知 (page 90642): the permanent code stops working; the
      // integration shows the cancellation and sends nothing until the corp
      // installs again. A cancel older than the live authorization is a
      // late retry or a replay: it must not disable the new installation.
      const applied = await suiteStore.cancelAuthorization(
        suiteId,
        authCorpId,
        instructionAt,
      );
      logger.info(
        applied
          ? `WeCom corp ${authCorpId} removed suite ${suiteId}`
          : `Ignored a cancel_auth of suite ${suiteId} for corp ${authCorpId} from ${instructionAt.toISO()}: the corp authorized the app again after it`,
      );
    } else {
      logger.debug(`Ignoring suite callback ${infoType} for ${suiteId}`);
    }
    return 'success';
  }

  /**
   * 变更授权通知 (change_auth, page 90642): the corp changed the app's
   * visible range or permissions; the page asks the provider to read
   * get_auth_info (page 90604) and compare. Runs after the answer; a
   * failure is logged: WeCom's retries would fail the same way, and the
   * next change_auth or create_auth reads it again. A change_auth older
   * than the live authorization is ignored: it concerns an installation
   * that no longer exists.
   */
  private async refreshAuthorization(
    suite: WeComSuiteConfig,
    corpId: string,
    instructionAt: DateTime,
  ) {
    try {
      await this.readChangedAuthorization(suite, corpId, instructionAt);
    } catch (error) {
      this.options.logger.warn(
        `Could not read the changed authorization of corp ${corpId} for suite ${suite.suiteId}: ${error}`,
      );
    }
  }

  private async readChangedAuthorization(
    suite: WeComSuiteConfig,
    corpId: string,
    instructionAt: DateTime,
  ) {
    const { suiteStore, logger } = this.options;
    const current = await suiteStore.getAuthorization(suite.suiteId, corpId);
    if (current?.instructionAt && instructionAt < current.instructionAt) {
      logger.info(
        `Ignored a change_auth of suite ${
          suite.suiteId
        } for corp ${corpId} from ${instructionAt.toISO()}: older than the corp's current authorization`,
      );
      return;
    }
    const permanentCode = await suiteStore.getPermanentCode(
      suite.suiteId,
      corpId,
    );
    if (!permanentCode) {
      logger.warn(
        `WeCom sent change_auth of suite ${suite.suiteId} for corp ${corpId}, which has no live authorization here`,
      );
      return;
    }
    const result = await this.suiteClient(suite).getAuthInfo(
      corpId,
      permanentCode,
    );
    await suiteStore.updateAuthorization(
      suite.suiteId,
      corpId,
      {
        corpName: result.auth_corp_info.corp_name,
        ...authorizedApp(result.auth_info),
      },
      instructionAt,
    );
    logger.info(
      `WeCom corp ${corpId} changed its authorization of suite ${suite.suiteId}`,
    );
  }

  private suiteClient(suite: WeComSuiteConfig) {
    return createSuiteClient(suite, this.options);
  }

  private open(suiteId: string, query: SignedQuery) {
    const { suite, signed } = openSuiteRequest(this.options, suiteId, query);
    return { crypto: suiteCrypto(suite), signed, suite };
  }
}
