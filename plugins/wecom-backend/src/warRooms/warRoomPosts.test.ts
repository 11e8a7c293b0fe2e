import { incidentFixture } from '../__testUtils__/incidentFixtures';
import {
  MARKDOWN_MAX_BYTES,
  closingPost,
  reopenedPost,
  summaryPost,
} from './warRoomPosts';

// An alert's title and description are written by whoever can send an
// alert (Alertmanager, the API): in the War Room they must read as text.
const PHISHING = incidentFixture({
  title:
    '紧急 [点此处理](https://evil.example/login) <font color="info">已解决</font> <@all>',
  description: [
    'Disk full.',
    '# 系统通知：账号即将停用',
    '> 请立即 [重新登录](https://evil.example/sso)',
    '![logo](https://evil.example/logo.png)',
  ].join('\n'),
  entityRef: 'component:default/payments',
});
const URL = 'https://backstage.example.com/wecom/incidents/inc-1';

describe('War Room posts', () => {
  it('shows an incident title and description as text: no link, heading, colour or mention of theirs renders', () => {
    expect(
      summaryPost({
        incident: PHISHING,
        responders: ['user:default/zhangsan'],
        unlinked: ['user:default/[evil](https://evil.example)'],
        url: URL,
      }),
    ).toBe(
      [
        '## War Room: 紧急 ［点此处理］(https://evil.example/login) ＜font color="info"＞已解决＜/font＞ ＜@all＞',
        '> Severity: <font color="warning">CRITICAL</font>',
        '> Status: Triggered 待处理',
        '> Entity: component:default/payments',
        '> Responders: user:default/zhangsan',
        '> Not linked to WeCom: user:default/［evil］(https://evil.example)',
        '',
        'Disk full.',
        '＃ 系统通知：账号即将停用',
        '＞ 请立即 ［重新登录］(https://evil.example/sso)',
        '!［logo］(https://evil.example/logo.png)',
        `[Open the incident in Backstage](${URL})`,
      ].join('\n'),
    );
  });

  it('keeps the post within 2,048 bytes after escaping, cutting only the description', () => {
    const post = summaryPost({
      incident: incidentFixture({
        title: 'Queue backlog',
        // Each [ becomes ［: three bytes instead of one.
        description: '[x](https://evil.example) '.repeat(400),
      }),
      responders: [],
      unlinked: [],
      url: URL,
    });
    expect(Buffer.byteLength(post, 'utf8')).toBeLessThanOrEqual(
      MARKDOWN_MAX_BYTES,
    );
    expect(post.endsWith(`[Open the incident in Backstage](${URL})`)).toBe(
      true,
    );
    expect(post).not.toContain('[x]');
  });

  it('shows who dismissed or reopened the War Room as text', () => {
    const incident = incidentFixture();
    expect(
      closingPost({
        incident,
        dismissedBy: 'user:default/<@all>',
        url: URL,
      }),
    ).toContain('dismissed by user:default/＜@all＞.');
    expect(
      reopenedPost({
        incident,
        reopenedBy: '[me](https://evil.example)',
        url: URL,
      }),
    ).toContain('［me］(https://evil.example) reopened this War Room');
  });
});
