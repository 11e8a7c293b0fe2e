import {
  WECOM_INCIDENT_SEVERITY_LABELS,
  WECOM_INCIDENT_STATUS_LABELS,
  WeComIncidentSeverity,
  WeComIncidentStatus,
} from 'backstage-plugin-wecom-common';

// The words for an incident's status and severity, and a person's short
// name, as cards, War Room posts, the bot and the analyzers write them.
// Values carry English and Chinese.

const STATUS_IN_CHINESE: Record<WeComIncidentStatus, string> = {
  triggered: '待处理',
  processing: '处理中',
  snoozed: '已暂缓',
  closed: '已关闭',
};

const SEVERITY_IN_CHINESE: Record<WeComIncidentSeverity, string> = {
  critical: '严重',
  high: '高',
  warning: '警告',
  info: '提示',
};

/** The status words a card, a War Room post or an answer shows: "Triggered 待处理". */
export const STATUS_LABELS = bilingual(
  WECOM_INCIDENT_STATUS_LABELS,
  STATUS_IN_CHINESE,
);

/** The severity words, same style: "Critical 严重". */
export const SEVERITY_LABELS = bilingual(
  WECOM_INCIDENT_SEVERITY_LABELS,
  SEVERITY_IN_CHINESE,
);

function bilingual<K extends string>(
  english: Readonly<Record<K, string>>,
  chinese: Readonly<Record<K, string>>,
): Record<K, string> {
  const words = {} as Record<K, string>;
  for (const key of Object.keys(english) as K[]) {
    words[key] = `${english[key]} ${chinese[key]}`;
  }
  return words;
}

/** `user:default/jdoe` → `jdoe`: a short name for "by …". */
export function shortNameOf(entityRef: string): string {
  return entityRef.replace(/^[^:]*:/, '').replace(/^default\//, '');
}
