import { LoggerService } from '@backstage/backend-plugin-api';
import { WeComScheduleOverride } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { shortNameOf } from '../text/incidentLabels';
import { escapeLine } from '../text/wecomMarkdown';

/** A schedule manager's new override took (part of) someone's override. */
export interface DisplacedOverrideNotice {
  scheduleId: string;
  scheduleName: string;
  /**
   * One person's overrides that no longer decide where the new one
   * overlaps them (one notice a person, however many it covers).
   */
  displaced: WeComScheduleOverride[];
  /** Whom the new override puts on call. */
  coveredBy: string;
  /** Who made the new override. */
  changedBy: string;
  /** The new override's period. */
  start: DateTime;
  end: DateTime;
}

/** Whether the person was told; why not, in plain words, when not. */
export type NoticeOutcome =
  | { status: 'sent' }
  | { status: 'notSent'; reason: string };

/** Tells the holder of a displaced override that it was covered. */
export interface DisplacedOverrideNotifier {
  notify(notice: DisplacedOverrideNotice): Promise<NoticeOutcome>;
}

/** No WeCom at hand (tests of other areas): nobody is told, and that is said. */
export const noDisplacedOverrideNotices: DisplacedOverrideNotifier = {
  notify: async () => ({
    status: 'notSent',
    reason: 'no WeCom messaging is set up',
  }),
};

/** A message stays short however many overrides one change covers. */
const MAX_PERIODS_SHOWN = 5;

const when = (time: DateTime) =>
  time.toUTC().toFormat("yyyy-MM-dd HH:mm 'UTC'");

/**
 * The WeCom markdown message. The schedule's name and the people's refs are
 * user-written: escaped, never markup (no mention, link or font sneaks in).
 */
export function displacedOverrideMarkdown(
  notice: DisplacedOverrideNotice,
): string {
  const shown = notice.displaced.slice(0, MAX_PERIODS_SHOWN);
  const more = notice.displaced.length - shown.length;
  return [
    '**Your on-call override was covered 你的替班已被覆盖**',
    `> Schedule 排班: ${escapeLine(notice.scheduleName, 100)}`,
    ...shown.map(
      yours =>
        `> Your override 你的替班: ${when(
          DateTime.fromISO(yours.start),
        )} – ${when(DateTime.fromISO(yours.end))}`,
    ),
    ...(more > 0 ? [`> … and ${more} more 另有 ${more} 个`] : []),
    `> Now on call 现在值班: ${escapeLine(
      shortNameOf(notice.coveredBy),
      100,
    )}, ${when(notice.start)} – ${when(notice.end)}`,
    `> Changed by 修改人: ${escapeLine(shortNameOf(notice.changedBy), 100)}`,
  ].join('\n');
}

/**
 * Sends the notice as a WeCom app message (`message/send`, markdown) to the
 * member linked to the displaced person in the integration that sends
 * incident cards. Never throws: an unlinked person, no integration or a
 * failed send is an outcome the audit record keeps.
 */
export class WeComDisplacedOverrideNotifier
  implements DisplacedOverrideNotifier
{
  constructor(
    private readonly deps: {
      /** The integration that sends incident cards; undefined when none. */
      integrationFor: () => Promise<string | undefined>;
      /** The WeCom member linked to a user in the integration, if any. */
      memberOf: (
        integrationId: string,
        userEntityRef: string,
      ) => Promise<string | undefined>;
      /** Whether the user turned WeCom messages off (`/preferences/me`). */
      optedOut: (userEntityRef: string) => Promise<boolean>;
      /** `message/send` through the integration's client. */
      send: (
        integrationId: string,
        message: { touser: string; msgtype: 'markdown'; markdown: object },
      ) => Promise<void>;
      logger?: LoggerService;
    },
  ) {}

  async notify(notice: DisplacedOverrideNotice): Promise<NoticeOutcome> {
    const [{ userEntityRef }] = notice.displaced;
    try {
      const integrationId = await this.deps.integrationFor();
      if (!integrationId) {
        return { status: 'notSent', reason: 'no WeCom integration is chosen' };
      }
      if (await this.deps.optedOut(userEntityRef)) {
        return { status: 'notSent', reason: 'turned WeCom messages off' };
      }
      const member = await this.deps.memberOf(integrationId, userEntityRef);
      if (!member) {
        return { status: 'notSent', reason: 'not linked to a WeCom member' };
      }
      await this.deps.send(integrationId, {
        touser: member,
        msgtype: 'markdown',
        markdown: { content: displacedOverrideMarkdown(notice) },
      });
      return { status: 'sent' };
    } catch (error) {
      // The details (WeCom's errcode, the member's userid) are the
      // operator's, in the log; the caller's answer only says it failed.
      this.deps.logger?.warn(
        `Could not tell ${userEntityRef} on WeCom that their override in schedule ${notice.scheduleId} was covered: ${error}`,
      );
      return { status: 'notSent', reason: 'the WeCom message failed' };
    }
  }
}
