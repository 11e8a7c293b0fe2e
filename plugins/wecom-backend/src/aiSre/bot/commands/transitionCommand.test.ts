import { DENY_ALL } from '../../../access/__testUtils__/fakeLinkedUserAccess';
import { createCommandsTestBed } from './__testUtils__/commandsTestBed';
import { LINK_HINT } from '../../../access/refusals';

const ZHANGSAN = 'user:default/zhangsan';

describe('start, close and snooze', () => {
  it("starts processing the War Room's incident as the linked user, audited via the bot", async () => {
    const bed = createCommandsTestBed();
    const incident = bed.seed();

    const answer = await bed.say('开始处理', { incident });

    const ref = `#${incident.id.slice(0, 8)}`;
    expect(answer).toBe(
      `${ref} Payments API 5xx above 5% is now **Processing 处理中** (by zhangsan).`,
    );
    expect(await bed.provider.getIncident(incident.id)).toMatchObject({
      status: 'processing',
      acknowledgedBy: ZHANGSAN,
    });
    expect(
      bed.provider.entries(incident.id, 'transition').map(e => e.actor),
    ).toEqual([ZHANGSAN]);
    expect(bed.auditEvents()).toEqual([
      {
        eventId: 'incident-change',
        meta: {
          action: 'startProcessing',
          incidentId: incident.id,
          wecomUserId: 'ZHANGSAN',
          entityRef: ZHANGSAN,
          via: 'wecom-bot',
        },
      },
    ]);
    const audit = await bed.auditor.createEvent.mock.results[0].value;
    expect(audit.success).toHaveBeenCalledWith({
      meta: { outcome: 'changed' },
    });
  });

  it('answers an unlinked asker with the link hint and changes nothing', async () => {
    const bed = createCommandsTestBed();
    const incident = bed.seed();

    expect(await bed.say('close', { incident, from: 'NEWHIRE' })).toBe(
      LINK_HINT,
    );
    expect(bed.provider.callsOf('transition')).toEqual([]);
    expect(bed.auditEvents()).toEqual([]);
  });

  it('answers why a transition does not apply, like the card does', async () => {
    const bed = createCommandsTestBed();
    const incident = bed.seed({
      status: 'closed',
      closedBy: 'user:default/lisi',
    });

    const answer = await bed.say('resolve', { incident });

    expect(answer).toBe(
      `The incident is already closed by user:default/lisi (#${incident.id.slice(
        0,
        8,
      )} Payments API 5xx above 5%).`,
    );
    const audit = await bed.auditor.createEvent.mock.results[0].value;
    expect(audit.success).toHaveBeenCalledWith({
      meta: { outcome: 'not-applicable' },
    });
  });

  it('snoozes for the asked time, 30 minutes by default', async () => {
    const bed = createCommandsTestBed();
    const first = bed.seed();
    const second = bed.seed({ title: 'Second' });

    expect(await bed.say('snooze 2h', { incident: first })).toContain(
      'is now **Snoozed 已暂缓** until 2026-11-26 12:00 UTC (by zhangsan).',
    );
    expect(await bed.say('暂停', { incident: second })).toContain(
      'until 2026-11-26 10:30 UTC',
    );
    expect(bed.provider.callsOf('transition')).toEqual([
      [first.id, { action: 'snooze', snoozeMinutes: 120 }, ZHANGSAN],
      [second.id, { action: 'snooze', snoozeMinutes: 30 }, ZHANGSAN],
    ]);
    expect(bed.auditEvents()[0].meta).toMatchObject({ snoozeMinutes: 120 });
  });

  it('refuses a snooze longer than a week without touching the incident', async () => {
    const bed = createCommandsTestBed();
    const incident = bed.seed();

    const answer = await bed.say('snooze 8d', { incident });

    expect(answer).toBe(
      'A snooze lasts at most one week (10080 minutes); 8 days is too long. Close the incident instead if it needs no attention.',
    );
    expect(bed.provider.callsOf('transition')).toEqual([]);
  });

  it('acts on an explicit #ref: the full id or its first 8 hex digits, over the War Room', async () => {
    const bed = createCommandsTestBed();
    const warRoom = bed.seed({ title: 'War Room one' });
    const other = bed.seed({ title: 'Other' });

    await bed.say(`close #${other.id}`, { incident: warRoom });
    await bed.say(`ack #${warRoom.id.slice(0, 8).toUpperCase()}`);

    expect((await bed.provider.getIncident(other.id))?.status).toBe('closed');
    expect((await bed.provider.getIncident(warRoom.id))?.status).toBe(
      'processing',
    );
  });

  it('lists the candidates of an ambiguous ref and changes nothing', async () => {
    const bed = createCommandsTestBed();
    bed.seed({ id: 'abcdef12-0000-4000-8000-000000000001', title: 'One' });
    bed.seed({ id: 'abcdef12-0000-4000-8000-000000000002', title: 'Two' });

    const answer = await bed.say('close #abcdef12');

    expect(answer).toBe(
      [
        '`#abcdef12` matches 2 incidents; add the full id:',
        '- `#abcdef12-0000-4000-8000-000000000002` Two (triggered)',
        '- `#abcdef12-0000-4000-8000-000000000001` One (triggered)',
      ].join('\n'),
    );
    expect(bed.provider.callsOf('transition')).toEqual([]);
  });

  it('says when a ref names no incident', async () => {
    const bed = createCommandsTestBed();
    bed.seed();

    expect(await bed.say('close #00000000')).toMatch(
      /^No open or recent incident starts with `#00000000`/,
    );
    expect(await bed.say('close #nope')).toMatch(
      /^There is no incident `#nope`/,
    );
    expect(bed.provider.callsOf('transition')).toEqual([]);
  });

  it('says so when a group chat is not a War Room it recognises, instead of acting on nothing', async () => {
    const bed = createCommandsTestBed();
    bed.seed();

    const answer = await bed.commands.run({
      message: bed.message({
        chatType: 'group',
        chatId: 'wrSomethingElse',
        text: 'close',
      }),
      text: 'close',
    });

    expect(answer).toMatch(
      /^I don't recognise this group chat as a War Room\. Which incident\? Add its number/,
    );
    expect(bed.provider.callsOf('transition')).toEqual([]);
  });

  it("asks which incident outside a War Room, listing the asker's open ones", async () => {
    const bed = createCommandsTestBed();
    const mine = bed.seed();
    bed.seed({ title: 'Not mine', entityRef: 'component:default/api-gateway' });

    const answer = await bed.say('ack');

    const ref = `#${mine.id.slice(0, 8)}`;
    expect(answer).toBe(
      `Which incident? Outside a War Room add its id, e.g. \`start ${ref}\`. Open for your teams:\n- \`${ref}\` Payments API 5xx above 5% (triggered)`,
    );
    expect(bed.provider.callsOf('transition')).toEqual([]);
  });

  describe("with an incident's title that holds markup", () => {
    const title = '[Log in](https://evil.example/login) <@all>';
    const shown = '［Log in］(https://evil.example/login) ＜@all＞';

    it('shows it as text in the answer to a change', async () => {
      const bed = createCommandsTestBed();
      const incident = bed.seed({ title });

      expect(await bed.say('start', { incident })).toBe(
        `#${incident.id.slice(
          0,
          8,
        )} ${shown} is now **Processing 处理中** (by zhangsan).`,
      );
    });

    it('shows it as text among the incidents to pick from', async () => {
      const bed = createCommandsTestBed();
      bed.seed({ id: 'abcdef12-0000-4000-8000-000000000001', title });
      bed.seed({ id: 'abcdef12-0000-4000-8000-000000000002', title: 'Two' });

      for (const answer of [
        await bed.say('ack'),
        await bed.say('close #abcdef12'),
      ]) {
        expect(answer).toContain(shown);
        expect(answer).not.toContain('<@all>');
        expect(answer).not.toContain('[Log in]');
      }
    });
  });

  it('answers a failure of the provider in one line, audited as failed, without its details', async () => {
    const bed = createCommandsTestBed();
    const incident = bed.seed();
    bed.provider.failNext(
      'transition',
      new Error('connect ECONNREFUSED postgres://admin:secret@db'),
    );

    const answer = await bed.say('close', { incident });

    expect(answer).toBe(
      'Sorry, that did not work (Error); try again, or use the incident page in Backstage.',
    );
    const audit = await bed.auditor.createEvent.mock.results[0].value;
    expect(audit.fail).toHaveBeenCalled();
    expect(bed.logger.warn).toHaveBeenCalled();
    expect((await bed.provider.getIncident(incident.id))?.status).toBe(
      'triggered',
    );
  });

  describe('as the linked user, through the permission policy', () => {
    const NOT_ALLOWED =
      'Not allowed: your Backstage user may not change incidents (wecom.incident.update). Ask your Backstage admin. 无权限。';

    it('refuses start when the policy denies wecom.incident.update, changes nothing and says why', async () => {
      const bed = createCommandsTestBed({ policy: DENY_ALL });
      const incident = bed.seed();

      expect(await bed.say('start', { incident })).toBe(NOT_ALLOWED);
      expect(await bed.say(`close #${incident.id}`)).toBe(NOT_ALLOWED);
      expect(await bed.say('snooze 2h', { incident })).toBe(NOT_ALLOWED);

      expect(bed.provider.callsOf('transition')).toEqual([]);
      expect((await bed.provider.getIncident(incident.id))?.status).toBe(
        'triggered',
      );
      expect(bed.auditEvents()).toEqual([]);
      expect(bed.access.checks[0]).toEqual({
        entityRef: ZHANGSAN,
        permission: 'wecom.incident.update',
      });
    });

    it('does not look up a #ref for a member who may not change incidents: no titles to probe', async () => {
      const bed = createCommandsTestBed({ policy: DENY_ALL });
      bed.seed({
        id: 'abcdef12-0000-4000-8000-000000000001',
        title: 'Secret one',
      });
      bed.seed({
        id: 'abcdef12-0000-4000-8000-000000000002',
        title: 'Secret two',
      });

      const answer = await bed.say('close #abcdef12');

      expect(answer).toBe(NOT_ALLOWED);
      expect(bed.provider.callsOf('listIncidents')).toEqual([]);
      expect(bed.provider.callsOf('getIncident')).toEqual([]);
    });

    it('names the candidates of an ambiguous ref only to a member who may see incidents', async () => {
      const bed = createCommandsTestBed({
        policy: (_user, permission) => permission === 'wecom.incident.update',
      });
      bed.seed({
        id: 'abcdef12-0000-4000-8000-000000000001',
        title: 'Secret one',
      });
      bed.seed({
        id: 'abcdef12-0000-4000-8000-000000000002',
        title: 'Secret two',
      });

      const answer = (await bed.say('close #abcdef12'))!;

      expect(answer).toMatch(/^`#abcdef12` matches 2 incidents/);
      expect(answer).not.toContain('Secret');
      expect(bed.provider.callsOf('transition')).toEqual([]);
    });

    it("does not list the asker's open incidents to pick from without wecom.incident.read", async () => {
      const bed = createCommandsTestBed({
        policy: (_user, permission) => permission === 'wecom.incident.update',
      });
      bed.seed({ title: 'Secret one' });

      const answer = (await bed.say('ack'))!;

      expect(answer).toMatch(/^Which incident\?/);
      expect(answer).not.toContain('Secret');
    });

    it('refuses when Backstage cannot act as the linked user, and changes nothing', async () => {
      const bed = createCommandsTestBed({ unavailable: true });
      const incident = bed.seed();

      expect(await bed.say('close', { incident })).toMatch(
        /^Backstage could not check your permissions, so nothing was done/,
      );
      expect(bed.provider.callsOf('transition')).toEqual([]);
    });
  });
});
