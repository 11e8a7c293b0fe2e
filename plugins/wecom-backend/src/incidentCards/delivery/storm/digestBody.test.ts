import { DateTime } from 'luxon';
import { buildDigestBody } from './digestBody';

const now = DateTime.fromISO('2026-12-07T03:04:05Z');

function contentOf(body: string): string {
  return JSON.parse(body).markdown.content;
}

describe('buildDigestBody', () => {
  it('counts what the member holds by service and cause, largest first, with a link to the incidents', () => {
    const body = buildDigestBody({
      agentId: 1000002,
      userId: 'ZhangSan',
      taskId: 'digest-0123456789abcdef',
      groups: [
        { label: 'checkout (ErrorRate)', incidents: 8 },
        { label: 'payments-api (HighLatency)', incidents: 12 },
      ],
      incidentsUrl: 'https://backstage.example.com/wecom/incidents',
      now,
    });
    const parsed = JSON.parse(body);
    expect(parsed).toMatchObject({
      touser: 'ZhangSan',
      msgtype: 'markdown',
      agentid: 1000002,
      enable_duplicate_check: 1,
    });
    const content = contentOf(body);
    expect(content).toMatch(/^\*\*You hold 20 new incidents\*\*/);
    expect(content.indexOf('12 · payments-api (HighLatency)')).toBeLessThan(
      content.indexOf('8 · checkout (ErrorRate)'),
    );
    expect(content).toContain(
      '[Open the incidents](https://backstage.example.com/wecom/incidents)',
    );
    // Two digests with the same counts are not one for the duplicate check.
    expect(content).toContain('Digest 456789abcdef · 03:04:05 UTC');
  });

  it('fits 2,048 bytes however many groups, and says how many it could not list', () => {
    const groups = Array.from({ length: 400 }, (_, i) => ({
      label: `服务-${i} (告警名称很长很长很长很长)`,
      incidents: 1,
    }));
    const content = contentOf(
      buildDigestBody({
        agentId: 1,
        userId: 'LiSi',
        taskId: 'digest-1',
        groups,
        now,
      }),
    );
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(2048);
    expect(content).toMatch(/You hold 400 new incidents/);
    const listed = content.match(/^> 1 · /gm)!.length;
    expect(content).toContain(
      `… and ${400 - listed} more in ${400 - listed} other groups`,
    );
  });

  it('shows a label as text, never as markup', () => {
    const content = contentOf(
      buildDigestBody({
        agentId: 1,
        userId: 'LiSi',
        taskId: 'digest-1',
        groups: [
          { label: '[click](https://evil.example) <@all>', incidents: 1 },
        ],
        now,
      }),
    );
    expect(content).not.toContain('[click](https://evil.example)');
    expect(content).toMatch(/You hold 1 new incident\*\*/);
  });
});
