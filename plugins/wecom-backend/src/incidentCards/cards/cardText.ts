// The fixed words of a card. Values with room carry English and Chinese,
// like STATUS_LABELS (text/incidentLabels.ts); buttons (10 字) and row names (5 字) have room
// for one language only.

export const BUTTON_TEXT = {
  startProcessing: 'Start Processing',
  close: 'Close Directly',
  refresh: 'Refresh',
};

/** `Snooze 2 hours`, `Snooze 30 minutes`, `Snooze 1 day`. */
export function snoozeText(minutes: number): string {
  const plural = (count: number, unit: string) =>
    `Snooze ${count} ${unit}${count === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

/** The ⋯ menu's heading. */
export const MENU_DESC = 'Snooze for longer 暂缓';

export const ROW_NAMES = {
  status: 'Status',
  service: 'Service',
  created: 'Created',
  details: 'Details',
};

/** The value of the Details row, a link to the incident page. */
export const DETAILS_TEXT = 'Full text 查看全文';

/** The app title on the card when `app.title` is not set. */
export const DEFAULT_APP_TITLE = 'Backstage';
