import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import { WECOM_PUBLIC_API_BASE_URL } from 'backstage-plugin-wecom-common';
import { WeComClient } from '../connector';
import { WeComCrypto, parseXmlEnvelope, parseXmlSafely } from '../crypto';
import { SuiteStore } from '../integrations/SuiteStore';
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
 * Third-party app mode: keeps the suite_ticket WeCom pushes every ten
 * minutes and the permanent code of each corp that installs the suite.
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
      const client = this.suiteClient(suite);
      const result = await client.getPermanentCode(authCode);
      await suiteStore.saveAuthorization(
        suiteId,
        result.auth_corp_info.corpid,
        result.permanent_code,
        result.auth_corp_info.corp_name,
      );
      logger.info(
        `WeCom corp ${result.auth_corp_info.corpid} authorized suite ${suiteId}`,
      );
    } else if (infoType === 'cancel_auth' && authCorpId) {
      await suiteStore.removeAuthorization(suiteId, authCorpId);
      logger.info(`WeCom corp ${authCorpId} removed suite ${suiteId}`);
    } else {
      logger.debug(`Ignoring suite callback ${infoType} for ${suiteId}`);
    }
    return 'success';
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
