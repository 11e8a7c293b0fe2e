import { WECOM_MAX_SNOOZE_MINUTES } from 'backstage-plugin-wecom-node';

/** What a snooze without a duration lasts. */
export const DEFAULT_SNOOZE_MINUTES = 30;

const UNIT_MINUTES: Array<[RegExp, number]> = [
  // Longer than any allowed snooze, but read so the refusal can say so.
  [/^(?:w|weeks?|周|星期|个星期)$/, 7 * 24 * 60],
  [/^(?:d|days?|天)$/, 24 * 60],
  [/^(?:h|hrs?|hours?|小时|个小时|钟头|个钟头)$/, 60],
  [/^(?:m|mins?|minutes?|分|分钟)$/, 1],
];

// "<number><unit>" parts (`1h30m`, `1小时30分钟`), spaces allowed between.
const PART = /(\d+)\s*([a-z\u4e00-\u9fff]+)\s*/y;

/**
 * The minutes of a snooze duration (`30m`, `2h`, `90`, `1h30m`, `2小时`,
 * `1天`), or undefined when `text` is not a duration. Limits are checked
 * by {@link snoozeRefusal}.
 */
export function parseSnoozeMinutes(text: string): number | undefined {
  const source = text.trim().toLocaleLowerCase('en-US');
  // A bare number is minutes.
  if (/^\d+$/.test(source)) return Number(source);
  if (!source) return undefined;
  const part = new RegExp(PART); // sticky: its own lastIndex per call
  let total = 0;
  while (part.lastIndex < source.length) {
    const match = part.exec(source);
    const size = match ? unitMinutes(match[2]) : undefined;
    if (!match || size === undefined) return undefined;
    total += Number(match[1]) * size;
  }
  return total;
}

function unitMinutes(unit: string): number | undefined {
  return UNIT_MINUTES.find(([pattern]) => pattern.test(unit))?.[1];
}

/** Why a snooze of `minutes` is refused, or undefined when it is fine. */
export function snoozeRefusal(minutes: number): string | undefined {
  if (minutes < 1) return 'A snooze lasts at least 1 minute.';
  if (minutes > WECOM_MAX_SNOOZE_MINUTES) {
    return `A snooze lasts at most one week (${WECOM_MAX_SNOOZE_MINUTES} minutes); ${formatMinutes(
      minutes,
    )} is too long. Close the incident instead if it needs no attention.`;
  }
  return undefined;
}

/** `30 minutes`, `2 hours`, `1 day 4 hours`. */
export function formatMinutes(total: number): string {
  const parts: string[] = [];
  let rest = total;
  for (const [unit, size] of [
    ['day', 1440],
    ['hour', 60],
    ['minute', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return parts.join(' ') || '0 minutes';
}
