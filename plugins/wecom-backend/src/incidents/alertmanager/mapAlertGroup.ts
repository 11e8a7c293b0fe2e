import {
  WECOM_INCIDENT_SEVERITIES,
  WeComIncidentSeverity,
} from 'backstage-plugin-wecom-common';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { normaliseRef } from '../../catalog/catalogEntities';
import { AlertmanagerPayload } from './payload';

export const ALERTMANAGER = 'alertmanager';

type CreateInput = Parameters<WeComIncidentProvider['createIncident']>[0];

/** Alerting's usual severity words, onto ours. */
const SEVERITY_WORDS: Record<WeComIncidentSeverity, string[]> = {
  critical: [
    'critical',
    'crit',
    'page',
    'emergency',
    'emerg',
    'fatal',
    'disaster',
    'p1',
    'sev1',
    'p0',
    'sev0',
  ],
  high: ['high', 'error', 'err', 'major', 'p2', 'sev2'],
  warning: ['warning', 'warn', 'minor', 'medium', 'p3', 'sev3'],
  info: [
    'info',
    'informational',
    'notice',
    'low',
    'none',
    'debug',
    'p4',
    'p5',
    'sev4',
    'sev5',
  ],
};
/** Without a `severity` label (or with an unknown word) an alert is a warning. */
const DEFAULT_SEVERITY: WeComIncidentSeverity = 'warning';

const MAX_TITLE = 200;
const MAX_DESCRIPTION = 10_000;
const MAX_FIELDS = 4;
// Within what `POST /incidents` accepts for fields (incidents/validation.ts).
const MAX_FIELD_NAME = 64;
const MAX_FIELD_VALUE = 500;
/**
 * What an incident keeps of a group's labels. Alertmanager puts no limit on
 * them, and the webhook takes 1 MB: kept whole, every incident would carry
 * that into lists, model prompts and the similar-incidents index.
 */
const MAX_LABELS = 64;
const MAX_LABEL_NAME = 128;
const MAX_LABEL_VALUE = 1_000;
/** Labels the plugin reads: kept first, whatever else the group has. */
const KEY_LABELS = ['alertname', 'severity', 'backstage_entity', 'component'];
/** The alerts listed on one timeline entry; the count says the rest. */
const MAX_LISTED_ALERTS = 20;

/** The incident an alert group opens. */
export function incidentFromAlertGroup(
  payload: AlertmanagerPayload,
): CreateInput {
  const first =
    payload.alerts.find(alert => alert.status === 'firing') ??
    payload.alerts[0];
  const annotation = (name: string) =>
    payload.commonAnnotations[name] ?? first?.annotations[name];
  const label = (name: string) =>
    payload.commonLabels[name] ??
    payload.groupLabels[name] ??
    first?.labels[name];

  const title =
    annotation('summary') ?? label('alertname') ?? 'Alert from Alertmanager';
  const description = annotation('description');
  return {
    title: cut(title, MAX_TITLE),
    severity: severityOf(payload),
    description: description ? cut(description, MAX_DESCRIPTION) : undefined,
    entityRef: entityRefOf(label, annotation),
    source: ALERTMANAGER,
    fingerprint: payload.groupKey,
    labels: bounded(payload.commonLabels, {
      count: MAX_LABELS,
      name: MAX_LABEL_NAME,
      value: MAX_LABEL_VALUE,
    }),
    fields: bounded(
      Object.fromEntries(
        Object.entries(payload.groupLabels).filter(
          ([name]) => name !== 'severity',
        ),
      ),
      { count: MAX_FIELDS, name: MAX_FIELD_NAME, value: MAX_FIELD_VALUE },
    ),
  };
}

/**
 * At most `max.count` labels, the plugin's own first; a longer name is left
 * out (cut, it would be another label), a longer value cut with "…".
 */
function bounded(
  labels: Record<string, string>,
  max: { count: number; name: number; value: number },
): Record<string, string> {
  const names = Object.keys(labels);
  const ordered = [
    ...KEY_LABELS.filter(name => Object.hasOwn(labels, name)),
    ...names.filter(name => !KEY_LABELS.includes(name)),
  ];
  return Object.fromEntries(
    ordered
      .filter(name => [...name].length <= max.name)
      .slice(0, max.count)
      .map(name => [name, cutValue(labels[name], max.value)]),
  );
}

/** The timeline entry of one notification of the group. */
export function alertEntryOf(payload: AlertmanagerPayload) {
  const firing = payload.alerts.filter(alert => alert.status === 'firing');
  const resolved = payload.alerts.length - firing.length;
  const message =
    payload.status === 'resolved'
      ? `Alertmanager: ${count(payload.alerts.length, 'alert')} resolved`
      : `Alertmanager: ${count(firing.length, 'alert')} firing${
          resolved ? `, ${resolved} resolved` : ''
        }`;
  return {
    actor: ALERTMANAGER,
    kind: 'alert',
    message,
    data: {
      status: payload.status,
      groupKey: payload.groupKey,
      externalURL: payload.externalURL,
      truncatedAlerts: payload.truncatedAlerts ?? 0,
      alerts: payload.alerts.slice(0, MAX_LISTED_ALERTS).map(alert => ({
        status: alert.status,
        alertname: alert.labels.alertname,
        fingerprint: alert.fingerprint,
        startsAt: alert.startsAt,
        endsAt: alert.endsAt,
        generatorURL: alert.generatorURL,
      })),
    },
  };
}

/** The group's `severity`, else the worst among its alerts. */
export function severityOf(
  payload: AlertmanagerPayload,
): WeComIncidentSeverity {
  const common = mapSeverity(payload.commonLabels.severity);
  if (common) return common;
  const found = payload.alerts
    .map(alert => mapSeverity(alert.labels.severity))
    .filter((s): s is WeComIncidentSeverity => Boolean(s));
  return (
    // Most severe first, as the shared list is ordered.
    WECOM_INCIDENT_SEVERITIES.find(severity => found.includes(severity)) ??
    DEFAULT_SEVERITY
  );
}

export function mapSeverity(
  word: string | undefined,
): WeComIncidentSeverity | undefined {
  if (!word) return undefined;
  const normalized = word.trim().toLowerCase();
  return WECOM_INCIDENT_SEVERITIES.find(severity =>
    SEVERITY_WORDS[severity].includes(normalized),
  );
}

/**
 * `backstage_entity` (a full ref; the kind defaults to component), else
 * `component` (a component's name), as a label or an annotation. A value
 * that is no entity ref is left out rather than refusing the alert.
 */
function entityRefOf(
  label: (name: string) => string | undefined,
  annotation: (name: string) => string | undefined,
): string | undefined {
  const value =
    label('backstage_entity') ??
    annotation('backstage_entity') ??
    label('component') ??
    annotation('component');
  return value ? normaliseRef(value, 'component') : undefined;
}

function cut(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max
    ? chars.join('')
    : `${chars.slice(0, max - 1).join('')}…`;
}

/** Like {@link cut}, but a label's value keeps its spaces. */
function cutValue(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
