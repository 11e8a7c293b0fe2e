import { mockCredentials } from '@backstage/backend-test-utils';
import { DENY_ALL } from '../../../access/__testUtils__/fakeLinkedUserAccess';
import { APP, createCommandsTestBed } from './__testUtils__/commandsTestBed';
import { LINK_HINT } from '../../../access/refusals';

describe('firing', () => {
  it("lists the open incidents of the asker's teams, newest first, with links", async () => {
    const bed = createCommandsTestBed();
    // zhangsan is in payments; payments owns payments-api.
    const owned = bed.seed({ minutesAgo: 5 });
    const namedGroup = bed.seed({
      title: 'Gateway latency',
      severity: 'high',
      status: 'processing',
      entityRef: 'component:default/api-gateway',
      responders: ['group:default/payments'],
      minutesAgo: 90,
    });
    const namedUser = bed.seed({
      title: 'Disk almost full',
      severity: 'warning',
      status: 'snoozed',
      entityRef: undefined,
      responders: ['user:default/zhangsan'],
      minutesAgo: 60 * 26,
    });
    bed.seed({ title: 'Closed one', status: 'closed', minutesAgo: 1 });
    bed.seed({
      title: 'Gateway 5xx',
      entityRef: 'component:default/api-gateway',
      minutesAgo: 2,
    });
    bed.seed({
      title: 'SRE only',
      entityRef: undefined,
      responders: ['group:default/sre'],
      minutesAgo: 3,
    });

    const answer = await bed.say("what's firing?");

    expect(answer).toBe(
      [
        '**3 open incidents for your teams**',
        `- **CRITICAL** [Payments API 5xx above 5%](${APP}/wecom/incidents/${
          owned.id
        }) · Triggered 待处理 · opened 5 minutes ago · \`#${owned.id.slice(
          0,
          8,
        )}\``,
        `- **HIGH** [Gateway latency](${APP}/wecom/incidents/${
          namedGroup.id
        }) · Processing 处理中 · opened 1 hour ago · \`#${namedGroup.id.slice(
          0,
          8,
        )}\``,
        `- **WARNING** [Disk almost full](${APP}/wecom/incidents/${
          namedUser.id
        }) · Snoozed 已暂缓 · opened 1 day ago · \`#${namedUser.id.slice(
          0,
          8,
        )}\``,
      ].join('\n'),
    );
  });

  it("shows an incident's title as text: no phishing link, heading or mention of its own", async () => {
    const bed = createCommandsTestBed();
    const phishing = bed.seed({
      title:
        '# Verify [your account](https://evil.example/login) <@all> **now**',
    });

    const answer = (await bed.say('firing'))!;

    expect(answer).toContain(
      `- **CRITICAL** [＃ Verify ［your account］(https://evil.example/login) ＜@all＞ ＊＊now＊＊](${APP}/wecom/incidents/${phishing.id}) · `,
    );
    expect(answer).not.toMatch(/<@all>|\[your account\]|\*\*now\*\*/);
  });

  it('shows ten and says how many more there are', async () => {
    const bed = createCommandsTestBed();
    for (let i = 1; i <= 12; i++) {
      bed.seed({ title: `Alert ${i}`, minutesAgo: i });
    }

    const answer = (await bed.say('告警'))!;

    expect(answer).toContain('**12 open incidents for your teams**');
    expect(answer).toContain('[Alert 10]');
    expect(answer).not.toContain('[Alert 11]');
    expect(answer).toContain(
      `- …and 2 more: see [all incidents](${APP}/wecom/incidents)`,
    );
  });

  it('says so when nothing is open for the teams', async () => {
    const bed = createCommandsTestBed();
    bed.seed({ entityRef: 'component:default/api-gateway' });

    expect(await bed.say('firing')).toMatch(
      /^Nothing is firing for your teams/,
    );
  });

  it('answers an unlinked asker with the link hint and no list', async () => {
    const bed = createCommandsTestBed();
    bed.seed();

    expect(await bed.say('firing', { from: 'NEWHIRE' })).toBe(LINK_HINT);
    expect(bed.provider.callsOf('listIncidents')).toEqual([]);
  });

  it("uses the conversation's linked user when it names one", async () => {
    const bed = createCommandsTestBed();
    bed.seed({
      title: 'Gateway 5xx',
      entityRef: 'component:default/api-gateway',
    });

    const wangwu = 'user:default/wangwu';
    const answer = await bed.say('firing', {
      from: 'SOMEONE',
      asker: async () => ({
        kind: 'user',
        user: { entityRef: wangwu, credentials: mockCredentials.user(wangwu) },
      }),
    });

    expect(answer).toContain('[Gateway 5xx]');
  });

  it('lists nothing when the policy denies wecom.incident.read, and says why', async () => {
    const bed = createCommandsTestBed({ policy: DENY_ALL });
    bed.seed({ title: 'Secret outage' });

    const answer = await bed.say('firing');

    expect(answer).toBe(
      'Not allowed: your Backstage user may not see incidents (wecom.incident.read). Ask your Backstage admin. 无权限。',
    );
    expect(bed.provider.callsOf('listIncidents')).toEqual([]);
  });
});
