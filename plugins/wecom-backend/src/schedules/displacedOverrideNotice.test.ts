import { DateTime } from 'luxon';
import {
  DisplacedOverrideNotice,
  WeComDisplacedOverrideNotifier,
  displacedOverrideMarkdown,
} from './displacedOverrideNotice';

const notice: DisplacedOverrideNotice = {
  scheduleId: 's1',
  scheduleName: 'SRE [click](https://evil.example) <@all> **now**',
  displaced: {
    id: 'o1',
    userEntityRef: 'user:default/lisi',
    start: '2026-12-08T01:00:00.000Z',
    end: '2026-12-08T09:00:00.000Z',
    createdBy: 'user:default/asmith',
    createdAt: '2026-12-07T01:00:00.000Z',
  },
  coveredBy: 'user:default/<font color="warning">x</font>',
  changedBy: 'user:default/asmith',
  start: DateTime.fromISO('2026-12-08T03:00:00Z'),
  end: DateTime.fromISO('2026-12-08T05:00:00Z'),
};

describe('telling someone their override was covered', () => {
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
    const notifier = (integrationId: string | undefined, linked: boolean) =>
      new WeComDisplacedOverrideNotifier({
        integrationFor: async () => integrationId,
        memberOf: async () => (linked ? 'LiSi' : undefined),
        send: async (id, message) => {
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
  });
});
