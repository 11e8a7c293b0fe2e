import { DENY_ALL } from '../../../access/__testUtils__/fakeLinkedUserAccess';
import {
  FakePolicySource,
  FakeScheduleSource,
} from '../../../oncall/__testUtils__/fakeSchedules';
import { createCommandsTestBed } from './__testUtils__/commandsTestBed';
import { LINK_HINT } from '../../../access/refusals';

describe('oncall', () => {
  it("names who is on call now — the owners' members without schedules — then each escalation level", async () => {
    const bed = createCommandsTestBed({ optedOut: ['user:default/lisi'] });

    const answer = await bed.say('who is on call for payments-api?');

    expect(answer).toBe(
      [
        '**On call for `component:default/payments-api` now 当前值班** (owner group:default/payments of component:default/payments-api)',
        '- jdoe — WeCom `JDOE` — owner team, no schedule 负责团队（无排班）',
        '- zhangsan — WeCom `ZHANGSAN` — owner team, no schedule 负责团队（无排班）',
        '- lisi — turned WeCom cards off, would not be paged — owner team, no schedule 负责团队（无排班）',
        '- chenjing — WeCom `CHENJING` — owner team, no schedule 负责团队（无排班）',
        '',
        '**Level 1 — after 15 minutes unacknowledged** (group:default/sre)',
        '- jdoe — WeCom `JDOE`',
        '- asmith — WeCom `ASMITH`',
        '- guest — not linked in WeCom, would not be paged',
        '- newhire — not linked in WeCom, would not be paged',
        '',
        '**Level 2 — after 1 hour unacknowledged** (user:default/wangwu)',
        '- wangwu — WeCom `WANGWU`',
        '',
        'The current level is paged again every 10 minutes until someone starts processing.',
      ].join('\n'),
    );
  });

  it("names who the owner group's schedule puts on call, until when, why, and who is next", async () => {
    const schedules = new FakeScheduleSource().add({
      id: 'payments-primary',
      name: 'Payments primary',
      ownerRef: 'group:default/payments',
      turns: [
        {
          userEntityRef: 'user:default/wangwu',
          start: '2026-11-26T02:00:00Z',
          end: '2026-11-26T18:00:00Z',
        },
        {
          userEntityRef: 'user:default/lisi',
          start: '2026-11-26T18:00:00Z',
          end: '2026-11-27T02:00:00Z',
        },
      ],
    });
    const bed = createCommandsTestBed({
      schedules,
      escalation: { levels: [], renotifyMinutes: 0 },
    });

    const answer = await bed.say('oncall payments-api');

    expect(answer).toBe(
      [
        '**On call for `component:default/payments-api` now 当前值班** (on call in "Payments primary" for component:default/payments-api)',
        '- wangwu — WeCom `WANGWU` — until 2026-11-26 18:00 UTC 至 — schedule "Payments primary" 排班',
        '',
        '**Next 下一班**',
        '- lisi — until 2026-11-27 02:00 UTC 至 — schedule "Payments primary" 排班',
        '',
        'No escalation levels are configured (`wecom.escalation.levels`).',
      ].join('\n'),
    );
  });

  it("names the escalation policy's first level and leaves the later levels to it", async () => {
    const policies = new FakePolicySource().assign(
      'component:default/payments-api',
      {
        id: 'payments-critical',
        levels: [
          {
            delayMinutes: 5,
            targets: [{ kind: 'user', ref: 'user:default/asmith' }],
          },
        ],
      },
    );
    const bed = createCommandsTestBed({ policies });

    const answer = (await bed.say('oncall payments-api'))!;

    expect(answer).toContain(
      '- asmith — WeCom `ASMITH` — escalation policy `payments-critical` 升级策略',
    );
    expect(answer).toContain(
      'Escalation policy `payments-critical` pages the next levels 后续由升级策略通知.',
    );
    expect(answer).not.toContain('**Level 1');
  });

  it('shows schedule names as text, whatever they hold', async () => {
    const schedules = new FakeScheduleSource().add({
      id: 'evil',
      name: 'x` [login](https://evil.example) <@all> **',
      ownerRef: 'group:default/payments',
      turns: [
        {
          userEntityRef: 'user:default/jdoe',
          start: '2026-11-26T00:00:00Z',
          end: '2026-11-27T00:00:00Z',
          via: 'override',
        },
      ],
    });
    const bed = createCommandsTestBed({ schedules });

    const answer = (await bed.say('oncall payments-api'))!;

    expect(answer).toContain(
      '- jdoe — WeCom `JDOE` — until 2026-11-27 00:00 UTC 至 — override in "x｀ ［login］(https://evil.example) ＜@all＞ ＊＊" 替班',
    );
    expect(answer).not.toMatch(/<@all>|\[login\]/);
  });

  it('accepts full refs and the Chinese form', async () => {
    const bed = createCommandsTestBed();

    const answer = (await bed.say('谁值班 component:default/api-gateway'))!;

    expect(answer).toContain(
      '**On call for `component:default/api-gateway` now 当前值班**',
    );
    expect(answer).toContain(
      '(owner group:default/platform of component:default/api-gateway)',
    );
    expect(answer).toContain('- wangwu — WeCom `WANGWU`');
  });

  it('refuses an entity the catalog does not know, clearly', async () => {
    const bed = createCommandsTestBed();

    expect(await bed.say('oncall payments-apii')).toBe(
      'I cannot find `component:default/payments-apii` in the catalog. Use the name of a catalog entity (`payments-api` means `component:default/payments-api`) or its full ref, e.g. `api:default/payments`.',
    );
  });

  it("uses the War Room incident's entity when no service is named, else asks", async () => {
    const bed = createCommandsTestBed();
    const incident = bed.seed({ entityRef: 'component:default/api-gateway' });

    expect(await bed.say('值班', { incident })).toContain(
      '**On call for `component:default/api-gateway` now 当前值班**',
    );
    expect(await bed.say('oncall')).toMatch(/^Which service\?/);
  });

  it("shows a War Room incident's entity ref as text, whatever it holds", async () => {
    const bed = createCommandsTestBed();
    const incident = bed.seed({
      entityRef: 'component:default/x` [login](https://evil.example) <@all>',
    });

    const answer = (await bed.say('oncall', { incident }))!;

    expect(answer).toMatch(/^I cannot find `component:default\/x｀ ［login］/);
    expect(answer).not.toMatch(/<@all>|\[login\]/);
  });

  it('says when no escalation is configured and nobody would be paged', async () => {
    const bed = createCommandsTestBed({
      escalation: { levels: [], renotifyMinutes: 0 },
    });
    const answer = (await bed.say('oncall payments-api'))!;

    expect(answer).toContain('now 当前值班');
    expect(answer).not.toContain('**Level 1');
    expect(answer).toContain(
      'No escalation levels are configured (`wecom.escalation.levels`).',
    );
    expect(answer).not.toContain('paged again');
  });

  it('names the problem when no integration sends cards, and who is on call for a group: its members', async () => {
    const bed = createCommandsTestBed({
      integrations: [
        { id: 'acme', warRoom: { enabled: false } },
        { id: 'other', warRoom: { enabled: false } },
      ],
      escalation: { levels: [], renotifyMinutes: 0 },
    });
    const answer = (await bed.say('oncall group:default/sre'))!;

    expect(answer).toContain('(members of group:default/sre)');
    expect(answer).toContain(
      '- jdoe — WeCom `JDOE` — owner team, no schedule 负责团队（无排班）',
    );
    expect(answer).toContain(
      'Cards cannot be sent right now: several WeCom integrations exist (acme, other) and none is chosen: set wecom.notifications.integration.',
    );
    expect(answer).not.toContain('Notes:');
  });

  it('counts links of the integration that sends the cards', async () => {
    const bed = createCommandsTestBed({
      integrations: [
        { id: 'acme', warRoom: { enabled: false } },
        { id: 'cards', warRoom: { enabled: false } },
      ],
      notificationIntegration: 'cards',
      escalation: { levels: [], renotifyMinutes: 0 },
    });
    bed.links.add('user:default/lisi', 'LISI-CARDS', 'cards');

    const answer = (await bed.say('oncall payments-api'))!;

    expect(answer).toContain('- lisi — WeCom `LISI-CARDS`');
    expect(answer).toContain(
      '- zhangsan — not linked in WeCom, would not be paged',
    );
  });

  describe('who may ask', () => {
    it('answers an unlinked member with the link hint and nothing from the catalog', async () => {
      const bed = createCommandsTestBed();

      expect(await bed.say('oncall payments-api', { from: 'NEWHIRE' })).toBe(
        LINK_HINT,
      );
    });

    it('says nothing of who is on call when the policy denies wecom.oncall.read', async () => {
      const bed = createCommandsTestBed({ policy: DENY_ALL });

      const answer = await bed.say('oncall payments-api');

      expect(answer).toBe(
        'Not allowed: your Backstage user may not see who is on call (wecom.oncall.read). Ask your Backstage admin. 无权限。',
      );
    });

    it('does not show the WeCom member, nor whether a card reaches them, of people the catalog hides from the asker', async () => {
      const bed = createCommandsTestBed({
        optedOut: ['user:default/lisi'],
        hiddenFromUsers: ['user:default/lisi', 'user:default/asmith'],
      });

      const answer = await bed.say('oncall payments-api');

      expect(answer).toContain(
        '- lisi — not shown to you — owner team, no schedule 负责团队（无排班）',
      );
      expect(answer).toContain('- asmith — not shown to you');
      expect(answer).not.toMatch(/ASMITH|LISI|lisi — turned/);
      // Everyone else as before.
      expect(answer).toContain('- jdoe — WeCom `JDOE`');
    });

    it("looks the service up as the asker, so the catalog's own policy hides what they may not see", async () => {
      const bed = createCommandsTestBed({
        hiddenFromUsers: ['component:default/payments-api'],
      });

      expect(await bed.say('oncall payments-api')).toMatch(
        /^I cannot find `component:default\/payments-api` in the catalog/,
      );
    });
  });
});
