import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import { WECOM_PUBLIC_API_BASE_URL } from 'backstage-plugin-wecom-common';
import { WeComAuthInfo, WeComClient } from '../connector';
import { WeComCrypto, parseXmlEnvelope, parseXmlSafely } from '../crypto';
import { SuiteAuthScope, SuiteStore } from '../integrations/SuiteStore';
import { WeComSuiteConfig } from '../integrations/types';
import {
  CallbackRefusal,
  SignedQuery,
  readSignedQuery,
  refuseOnBadInput as guard,
  requireParam as required,
} from './refusals';

// As the setup form accepts it (validation.ts): letters and digits.
const CORP_ID = /^[A-Za-z0-9]{1,64}$/;

/** A text field of the instruction; elements with children are not text. */
function scalar(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The app a corp authorized: a single-app suite's authorization has exactly
 * one agent (page 91911: 对新的单应用授权,永远只返回一个agent), whose
 * agentid message/send needs and whose privilege is the authorized range.
 */
function authorizedApp(authInfo: WeComAuthInfo | undefined): {
  agentId?: number;
  scope?: SuiteAuthScope;
} {
  const agent = authInfo?.agent?.[0];
  if (!agent) return {};
  const privilege = agent.privilege;
  return {
    agentId: agent.agentid,
    ...(privilege && {
      scope: {
        allowParty: privilege.allow_party,
        allowUser: privilege.allow_user,
        allowTag: privilege.allow_tag,
      },
    }),
  };
}

/**
 * Third-party app mode: keeps the suite_ticket WeCom pushes every ten
 * minutes and, for each corp that installs the suite, the permanent code,
 * the app's agent id and the authorized scope, current through create_auth,
 * change_auth and cancel_auth. Every instruction is answered `success` once
 * handled, a cancelled or unknown corp included: WeCom retries anything
 * else, and a retry cannot change the outcome.
 */
export class SuiteCallbackService {
  constructor(
    private readonly options: {
      suites: WeComSuiteConfig[];
      suiteStore: SuiteStore;
      cache: CacheService;
      logger: LoggerService;
      maxClockSkewSeconds: number;
      now?: () => DateTime;
    },
  ) {}

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
    const { suiteStore, logger } = this.options;
    if (infoType === 'suite_ticket' && ticket) {
      await suiteStore.saveTicket(suiteId, ticket);
    } else if (infoType === 'create_auth' && authCode) {
      // 授权成功通知 (page 90642): the auth code is spent once for the
      // permanent code, the corp and the authorized app (page 90603).
      const client = this.suiteClient(suite);
      const result = await client.getPermanentCode(authCode);
      const corpId = result.auth_corp_info.corpid;
      await suiteStore.saveAuthorization(suiteId, corpId, {
        permanentCode: result.permanent_code,
        corpName: result.auth_corp_info.corp_name,
        ...authorizedApp(result.auth_info),
      });
      logger.info(`WeCom corp ${corpId} authorized suite ${suiteId}`);
    } else if (infoType === 'change_auth' && authCorpId) {
      await this.refreshAuthorization(suite, authCorpId);
    } else if (infoType === 'cancel_auth' && authCorpId) {
      // 取消授权通知 (page 90642): the permanent code stops working; the integration shows
      // the cancellation and sends nothing until the corp installs again.
      await suiteStore.cancelAuthorization(suiteId, authCorpId);
      logger.info(`WeCom corp ${authCorpId} removed suite ${suiteId}`);
    } else {
      logger.debug(`Ignoring suite callback ${infoType} for ${suiteId}`);
    }
    return 'success';
  }

  /**
   * 变更授权通知 (change_auth, page 90642): the corp changed the app's
   * visible range or permissions; the page asks the provider to read
   * get_auth_info (page 90604) and compare. A
   * failure is logged and answered with success: WeCom's retries would fail
   * the same way, and the next change_auth or create_auth reads it again.
   */
  private async refreshAuthorization(suite: WeComSuiteConfig, corpId: string) {
    const { suiteStore, logger } = this.options;
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
    try {
      const result = await this.suiteClient(suite).getAuthInfo(
        corpId,
        permanentCode,
      );
      await suiteStore.updateAuthorization(suite.suiteId, corpId, {
        corpName: result.auth_corp_info.corp_name,
        ...authorizedApp(result.auth_info),
      });
      logger.info(
        `WeCom corp ${corpId} changed its authorization of suite ${suite.suiteId}`,
      );
    } catch (error) {
      logger.warn(
        `Could not read the changed authorization of corp ${corpId} for suite ${suite.suiteId}: ${error}`,
      );
    }
  }

  private suiteClient(suite: WeComSuiteConfig) {
    return new WeComClient({
      credentials: {
        integrationId: `suite:${suite.suiteId}`,
        mode: 'thirdPartyApp',
        corpId: '',
        apiBaseUrl: suite.apiBaseUrl ?? WECOM_PUBLIC_API_BASE_URL,
        suite: this.options.suiteStore.credentialsFor(suite),
      },
      cache: this.options.cache,
      logger: this.options.logger,
    });
  }

  private open(suiteId: string, query: SignedQuery) {
    const suite = this.options.suites.find(s => s.suiteId === suiteId);
    if (!suite) {
      throw new CallbackRefusal(404, `No suite "${suiteId}" in wecom.suites`);
    }
    const signed = readSignedQuery(
      query,
      this.options.maxClockSkewSeconds,
      this.options.now?.(),
    );
    const crypto = guard(
      () =>
        new WeComCrypto({
          token: suite.token,
          encodingAESKey: suite.encodingAESKey,
          receiveId: suite.suiteId,
        }),
    );
    return { crypto, signed, suite };
  }
}
