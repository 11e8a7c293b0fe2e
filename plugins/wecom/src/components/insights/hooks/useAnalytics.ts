import { useApi } from '@backstage/core-plugin-api';
import type { WeComAnalyticsGroupBy } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { wecomOnCallApiRef } from '../../../api';

/** The windows the Insights tab offers, in days. */
export const INSIGHTS_WINDOWS = [7, 30, 90] as const;
export type InsightsWindow = (typeof INSIGHTS_WINDOWS)[number];

/** What the Insights tab asks for. */
export interface InsightsSelection {
  groupBy: WeComAnalyticsGroupBy;
  /** One team or service; every one when undefined. */
  key?: string;
  days: InsightsWindow;
}

/**
 * The last `days` whole days including today, in the browser's time zone,
 * so that each bar is a day as the reader lives it.
 */
export function insightsWindow(days: number, now = DateTime.local()) {
  const tomorrow = now.startOf('day').plus({ days: 1 });
  return {
    from: tomorrow.minus({ days }).toISODate()!,
    to: tomorrow.toISODate()!,
    timeZone: now.zoneName ?? 'UTC',
  };
}

/** The figures of a selection, reloaded when it changes. */
export function useAnalytics(selection: InsightsSelection) {
  const api = useApi(wecomOnCallApiRef);
  const { groupBy, key, days } = selection;
  return useAsyncRetry(
    () => api.getAnalytics({ groupBy, key, ...insightsWindow(days) }),
    [api, groupBy, key, days],
  );
}
