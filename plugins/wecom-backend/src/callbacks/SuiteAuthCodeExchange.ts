import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Duration, DateTime } from 'luxon';
import { WeComApiError, WeComClient } from '../connector';
import { isRetryable } from '../connector/retryPolicy';
import {
  ClaimedAuthCode,
  SuiteAuthCodeStore,
} from '../integrations/SuiteAuthCodeStore';
import { SuiteStore } from '../integrations/SuiteStore';
import { WeComSuiteConfig } from '../integrations/types';
import { authorizedApp } from './suiteClient';

/** An auth code is valid 10 minutes (page 90642, 10分钟内有效; page 94758). */
export const AUTH_CODE_VALIDITY = Duration.fromObject({ minutes: 10 });
/**
 * Longer than a get_permanent_code call can take with the transport's
 * retries (4 attempts of at most 15 s, with backoff): a claim this old
 * belongs to a replica that died.
 */
const STALE_CLAIM = Duration.fromObject({ minutes: 3 });
/** Pauses between writes of a permanent code WeCom already handed out. */
const SAVE_RETRY_DELAYS_MS = [200, 1_000, 5_000];
/** Attempts without any answer from WeCom before the code is given up. */
const MAX_ATTEMPTS = 3;

/**
 * Exchanges the recorded auth codes of create_auth and reset_permanent_code
 * for the permanent code (get_permanent_code, page 90603) after WeCom got
 * its answer: right after the instruction, and from a scheduled pass for a
 * code a crashed replica left. A code is single-use and valid 10 minutes,
 * so every code ends in one clear state: `done`, `failed` (WeCom refused
 * it; not retried), or `expired`.
 */
export class SuiteAuthCodeExchange {
  #running?: Promise<void>;
  #again = false;

  constructor(
    private readonly options: {
      codes: SuiteAuthCodeStore;
      suiteStore: SuiteStore;
      suites: WeComSuiteConfig[];
      clientFor: (suite: WeComSuiteConfig) => WeComClient;
      logger: LoggerService;
      now?: () => DateTime;
    },
  ) {}

  /** Runs a pass now, or once more after the one under way. */
  kick(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.pass();
        } while (this.#again);
      } catch (error) {
        this.options.logger.error(
          `Exchanging WeCom suite auth codes failed: ${error}`,
        );
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  private async pass(): Promise<void> {
    const now = this.now();
    const claimed = await this.options.codes.claimDue(
      randomUUID(),
      now.minus(STALE_CLAIM),
    );
    for (const code of claimed) await this.exchange(code);
  }

  private async exchange(code: ClaimedAuthCode): Promise<void> {
    const { codes, logger } = this.options;
    const suite = this.options.suites.find(s => s.suiteId === code.suiteId);
    if (!suite) {
      await codes.finish(code, 'failed', {
        error: `suite ${code.suiteId} is no longer in wecom.suites`,
      });
      return;
    }
    if (this.now() > code.instructionAt.plus(AUTH_CODE_VALIDITY)) {
      const error = `the ${code.infoType} auth code of suite ${code.suiteId} was not exchanged within its 10 minutes; the corp's admin has to authorize the app again`;
      logger.error(`WeCom: ${error}`);
      await codes.finish(code, 'expired', { error });
      return;
    }
    // Another replica may have taken a code that waited behind slow ones.
    if (!(await codes.renew(code))) return;
    let result;
    try {
      result = await this.options
        .clientFor(suite)
        .getPermanentCode(code.authCode);
    } catch (error) {
      await this.failed(code, error);
      return;
    }
    const corpId = result.auth_corp_info.corpid;
    const authorization = {
      permanentCode: result.permanent_code,
      corpName: result.auth_corp_info.corp_name,
      ...authorizedApp(result.auth_info),
    };
    const store = this.options.suiteStore;
    const applied = await this.keep(code, corpId, () =>
      code.infoType === 'create_auth'
        ? store.saveAuthorization(
            suite.suiteId,
            corpId,
            authorization,
            code.instructionAt,
          )
        : store.replacePermanentCode(
            suite.suiteId,
            corpId,
            authorization,
            code.instructionAt,
          ),
    );
    const what =
      code.infoType === 'create_auth'
        ? `authorized suite ${suite.suiteId}`
        : `has a new permanent code for suite ${suite.suiteId}`;
    if (applied) {
      logger.info(`WeCom corp ${corpId} ${what}`);
      await codes.finish(code, 'done', { corpId });
    } else {
      const error = `ignored: a later instruction (or a cancellation) already decided the authorization of corp ${corpId}`;
      logger.warn(`WeCom ${code.infoType} of suite ${suite.suiteId} ${error}`);
      await codes.finish(code, 'done', { corpId, error });
    }
  }

  /**
   * Writes what get_permanent_code answered, retrying a failed write: the
   * auth code is spent by now, so a later pass asking WeCom again would only
   * get 40078 and the corp's permanent code would be lost.
   */
  private async keep(
    code: ClaimedAuthCode,
    corpId: string,
    write: () => Promise<boolean>,
  ): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (attempt >= SAVE_RETRY_DELAYS_MS.length) {
          this.options.logger.error(
            `WeCom handed out the permanent code of corp ${corpId} for suite ${code.suiteId} (${code.infoType}) but it could not be stored; the corp's admin has to authorize the app again: ${error}`,
          );
          throw error;
        }
        await new Promise(resolve =>
          setTimeout(resolve, SAVE_RETRY_DELAYS_MS[attempt]),
        );
      }
    }
  }

  /**
   * WeCom's refusal (an errcode such as 40078, invalid auth_code) is final:
   * the code is single-use, so asking again cannot help. Without an answer
   * (network, no suite ticket yet) the code goes back for a later pass, a
   * few times at most and only while it is valid.
   */
  private async failed(code: ClaimedAuthCode, error: unknown) {
    const { codes, logger } = this.options;
    const final =
      (error instanceof WeComApiError && !isRetryable(error)) ||
      code.attempts + 1 >= MAX_ATTEMPTS;
    const text = `${error instanceof Error ? error.message : error}`;
    if (final) {
      logger.error(
        `WeCom refused the ${code.infoType} auth code of suite ${code.suiteId}; the corp's admin has to authorize the app again: ${text}`,
      );
      await codes.finish(code, 'failed', { error: text });
    } else {
      logger.warn(
        `Could not exchange the ${code.infoType} auth code of suite ${
          code.suiteId
        } yet (attempt ${code.attempts + 1} of ${MAX_ATTEMPTS}): ${text}`,
      );
      await codes.release(code, text);
    }
  }

  private now(): DateTime {
    return this.options.now?.() ?? DateTime.utc();
  }
}
