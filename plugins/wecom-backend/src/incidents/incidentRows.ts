import {
  WeComIncident,
  WeComIncidentSeverity,
  WeComIncidentStatus,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { readTimestamp, writeTimestamp } from '../database/time';
import { WeComIncidentLifecycle } from 'backstage-plugin-wecom-node';

export const INCIDENTS = 'wecom_incidents';
export const TIMELINE = 'wecom_incident_timeline';

/** A row of `wecom_incidents`. */
export interface IncidentRow {
  id: string;
  title: string;
  severity: string;
  status: string;
  description: string | null;
  entity_ref: string | null;
  responders: string;
  source: string;
  fingerprint: string | null;
  labels: string | null;
  fields: string | null;
  created_at: unknown;
  updated_at: unknown;
  acknowledged_by: string | null;
  acknowledged_at: unknown;
  snoozed_until: unknown;
  closed_by: string | null;
  closed_at: unknown;
  revision: number;
}

/** A row of `wecom_incident_timeline`. */
export interface TimelineRow {
  id: string;
  incident_id: string;
  at: unknown;
  actor: string | null;
  kind: string;
  message: string;
  data: string | null;
}

export function toIncident(row: IncidentRow): WeComIncident {
  return {
    id: row.id,
    title: row.title,
    severity: row.severity as WeComIncidentSeverity,
    status: row.status as WeComIncidentStatus,
    description: row.description ?? undefined,
    entityRef: row.entity_ref ?? undefined,
    responders: parseJson<string[]>(row.responders) ?? [],
    source: row.source,
    fingerprint: row.fingerprint ?? undefined,
    labels: parseJson(row.labels),
    fields: parseJson(row.fields),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    acknowledgedBy: row.acknowledged_by ?? undefined,
    acknowledgedAt: iso(row.acknowledged_at),
    snoozedUntil: iso(row.snoozed_until),
    closedBy: row.closed_by ?? undefined,
    closedAt: iso(row.closed_at),
  };
}

/** The lifecycle columns; every one is written, so absent fields clear. */
export function lifecycleColumns(next: WeComIncidentLifecycle) {
  return {
    status: next.status,
    acknowledged_by: next.acknowledgedBy ?? null,
    acknowledged_at: timestamp(next.acknowledgedAt),
    snoozed_until: timestamp(next.snoozedUntil),
    closed_by: next.closedBy ?? null,
    closed_at: timestamp(next.closedAt),
  };
}

export function toTimelineEntry(row: TimelineRow): WeComTimelineEntry {
  return {
    id: row.id,
    incidentId: row.incident_id,
    at: iso(row.at)!,
    actor: row.actor ?? undefined,
    kind: row.kind,
    message: row.message,
    data: parseJson(row.data),
  };
}

export function timelineRow(entry: WeComTimelineEntry): TimelineRow {
  return {
    id: entry.id,
    incident_id: entry.incidentId,
    at: writeTimestamp(DateTime.fromISO(entry.at)),
    actor: entry.actor ?? null,
    kind: entry.kind,
    message: entry.message,
    data: entry.data ? JSON.stringify(entry.data) : null,
  };
}

export function jsonColumn(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function timestamp(value: string | undefined): Date | null {
  return value ? writeTimestamp(DateTime.fromISO(value)) : null;
}

function iso(value: unknown): string | undefined {
  return readTimestamp(value)?.toISO() ?? undefined;
}

function parseJson<T = Record<string, string>>(
  value: string | null,
): T | undefined {
  return value ? (JSON.parse(value) as T) : undefined;
}
