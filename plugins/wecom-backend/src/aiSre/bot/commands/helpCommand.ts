import { DEFAULT_SNOOZE_MINUTES } from './snoozeDuration';

/** What the bot understands; anything else is answered as a question. */
export function helpText(): string {
  return [
    '**What I understand 我能做什么**',
    '- `help` / `帮助` / `?` — this list',
    "- `firing` / `what's firing` / `告警` / `正在告警` — open incidents of your teams",
    '- `oncall <service>` / `who is on call for <service>` / `值班 <service>` / `谁值班 <service>` — who is on call for that service now, until when and why, and who is next 当前值班',
    '- `start` / `ack` / `start processing` / `处理` / `开始处理` — start processing an incident',
    '- `close` / `resolve` / `关闭` — close an incident',
    `- \`snooze [30m|2h|90]\` / \`暂停 [30分钟|2小时]\` — snooze an incident (default ${DEFAULT_SNOOZE_MINUTES} minutes, at most one week)`,
    '',
    'In a War Room these act on its incident; elsewhere add `#<incident id>` or its first 8 characters, e.g. `close #3f1c9a52`. Everything is done as your linked Backstage user, with their permissions (`wecom.incident.read` to list and ask, `wecom.incident.update` to change).',
    '',
    'Anything else is a question about the incident: ask in your own words 其他内容会作为问题回答.',
  ].join('\n');
}
