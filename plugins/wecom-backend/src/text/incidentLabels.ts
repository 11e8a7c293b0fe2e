import {
  WeComIncidentSeverity,
  WeComIncidentStatus,
} from 'backstage-plugin-wecom-common';

// The words for an incident's status and severity, and a person's short
// name, as cards, War Room posts, the bot and the analyzers write them.
// Values carry English and Chinese.

/** The status words a card, a War Room post or an answer shows. */
export const STATUS_LABELS: Record<WeComIncidentStatus, string> = {
  triggered: 'Triggered 待处理',
  processing: 'Processing 处理中',
  snoozed: 'Snoozed 已暂缓',
  closed: 'Closed 已关闭',
};

/** The severity words, same style. */
export const SEVERITY_LABELS: Record<WeComIncidentSeverity, string> = {
  critical: 'Critical 严重',
  high: 'High 高',
  warning: 'Warning 警告',
  info: 'Info 提示',
};

/** `user:default/jdoe` → `jdoe`: a short name for "by …". */
export function shortNameOf(entityRef: string): string {
  return entityRef.replace(/^[^:]*:/, '').replace(/^default\//, '');
}
