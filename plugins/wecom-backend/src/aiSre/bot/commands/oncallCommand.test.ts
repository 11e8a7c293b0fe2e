import { DENY_ALL } from '../../../access/__testUtils__/fakeLinkedUserAccess';
import { createCommandsTestBed } from './__testUtils__/commandsTestBed';
import { LINK_HINT } from '../../../access/refusals';

describe('oncall', () => {
  it("names who a new incident would page: the owners' members, then each escalation level", async () => {
    const bed = createCommandsTestBed({ optedOut: ['user:default/lisi'] });

    const answer = await bed.say('who is on call for payments-api?');

    expect(answer).toBe(
      [
        '**On call for `component:default/payments-api`**',
        'There are no rotations or schedules in this product: "on call" means who would be paged if an incident on it were opened now.',
        '',
        '**Level 0 — at once** (owner group:default/payments of component:default/payments-api)',
        '- jdoe — WeCom `JDOE`',
        '- zhangsan — WeCom `ZHANGSAN`',
        '- chenjing — WeCom `CHENJING`',
        '- lisi — turned WeCom cards off, would not be paged',
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

  it('accepts full refs and the Chinese form', async () => {
    const bed = createCommandsTestBed();

    const answer = (await bed.say('谁值班 component:default/api-gateway'))!;

    expect(answer).toContain('**On call for `component:default/api-gateway`**');
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
      '**On call for `component:default/api-gateway`**',
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

    expect(answer).toContain('**Level 0 — at once**');
    expect(answer).not.toContain('**Level 1');
    expect(answer).toContain(
      'No escalation levels are configured (`wecom.escalation.levels`).',
    );
    expect(answer).not.toContain('paged again');
  });

  it('names the problem when no integration sends cards, and entities without owner', async () => {
    const bed = createCommandsTestBed({
      integrations: [
        { id: 'acme', warRoom: { enabled: false } },
        { id: 'other', warRoom: { enabled: false } },
      ],
      escalation: { levels: [], renotifyMinutes: 0 },
    });
    const answer = (await bed.say('oncall group:default/sre'))!;

    expect(answer).toContain('- nobody');
    expect(answer).toContain(
      'Cards cannot be sent right now: several WeCom integrations exist (acme, other) and none is chosen: set wecom.notifications.integration.',
    );
    expect(answer).toContain(
      'Notes: group:default/sre has no owner in the catalog.',
    );
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

    it('says nothing of who gets paged when the policy denies wecom.incident.read', async () => {
      const bed = createCommandsTestBed({ policy: DENY_ALL });

      const answer = await bed.say('oncall payments-api');

      expect(answer).toBe(
        'Not allowed: your Backstage user may not see incidents (wecom.incident.read). Ask your Backstage admin. 无权限。',
      );
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
