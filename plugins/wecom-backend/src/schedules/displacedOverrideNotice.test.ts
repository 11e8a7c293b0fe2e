import { DateTime } from 'luxon';
import {
  DisplacedOverrideNotice,
  WeComDisplacedOverrideNotifier,
  displacedOverrideMarkdown,
} from './displacedOverrideNotice';

const notice: DisplacedOverrideNotice = {
  scheduleId: 's1',
  scheduleName: 'SRE [click](https://evil.example) <@all> **now**',
  displaced: [
    {
      id: 'o1',
      userEntityRef: 'user:default/lisi',
      start: '2026-12-08T01:00:00.000Z',
      end: '2026-12-08T09:00:00.000Z',
      createdBy: 'user:default/asmith',
      createdAt: '2026-12-07T01:00:00.000Z',
    },
  ],
  coveredBy: 'user:default/<font color="warning">x</font>',
  changedBy: 'user:default/asmith',
  start: DateTime.fromISO('2026-12-08T03:00:00Z'),
  end: DateTime.fromISO('2026-12-08T05:00:00Z'),
};

describe('telling someone their override was covered', () => {
  it("lists at most five of one person's periods", () => {
    const many = Array.from({ length: 8 }, (_, i) => ({
      ...notice.displaced[0],
      id: `o${i}`,
    }));
    const text = displacedOverrideMarkdown({ ...notice, displaced: many });
    expect(text.match(/Your override/g)).toHaveLength(5);
    expect(text).toContain('and 3 more');
  });

  it('says which schedule, which period and who is on call instead, with no markup from user text', () => {
    const text = displacedOverrideMarkdown(notice);
    expect(text).toContain('2026-12-08 01:00 UTC – 2026-12-08 09:00 UTC');
    expect(text).toContain('2026-12-08 03:00 UTC – 2026-12-08 05:00 UTC');
    expect(text).toContain('asmith');
    expect(text).not.toMatch(/\[click\]\(|<@all>|<font|\*\*now\*\*/);
    expect(text).toContain('［click］');
  });

  it('sends a markdown message to the linked member, and says why not when it cannot', async () => {
    const sent: unknown[] = [];
    const notifier = (
      integrationId: string | undefined,
      linked: boolean,
      options: { optedOut?: boolean; failing?: boolean } = {},
    ) =>
      new WeComDisplacedOverrideNotifier({
        integrationFor: async () => integrationId,
        memberOf: async () => (linked ? 'LiSi' : undefined),
        optedOut: async () => options.optedOut ?? false,
        send: async (id, message) => {
          if (options.failing) {
            throw new Error('errcode 81013: user LiSi is invalid');
          }
          sent.push({ id, ...message });
        },
      });
    expect(await notifier('acme', true).notify(notice)).toEqual({
      status: 'sent',
    });
    expect(sent).toEqual([
      expect.objectContaining({
        id: 'acme',
        touser: 'LiSi',
        msgtype: 'markdown',
        markdown: { content: displacedOverrideMarkdown(notice) },
      }),
    ]);
    expect(await notifier('acme', false).notify(notice)).toEqual({
      status: 'notSent',
      reason: 'not linked to a WeCom member',
    });
    expect(await notifier(undefined, true).notify(notice)).toEqual({
      status: 'notSent',
      reason: 'no WeCom integration is chosen',
    });
    // Someone who turned WeCom messages off is not messaged.
    expect(
      await notifier('acme', true, { optedOut: true }).notify(notice),
    ).toEqual({ status: 'notSent', reason: 'turned WeCom messages off' });
    // WeCom's answer (and the member's userid) stays in the log.
    expect(
      await notifier('acme', true, { failing: true }).notify(notice),
    ).toEqual({ status: 'notSent', reason: 'the WeCom message failed' });
    expect(sent).toHaveLength(1);
  });
});
