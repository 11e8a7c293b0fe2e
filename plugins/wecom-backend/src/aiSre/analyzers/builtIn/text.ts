import { DateTime, Duration } from 'luxon';

/** HH:mm in the zone; with the date when it is not today. */
export function clock(time: DateTime, now: DateTime, timeZone: string): string {
  const local = time.setZone(timeZone);
  const sameDay = local.hasSame(now.setZone(timeZone), 'day');
  return local.toFormat(sameDay ? 'HH:mm' : 'MM-dd HH:mm');
}

/** The zone's short name as the reader knows it, e.g. `GMT+8`, `UTC`. */
export function zoneName(now: DateTime, timeZone: string): string {
  return now.setZone(timeZone).offsetNameShort ?? timeZone;
}

/** "2 d 3 h", "1 h 5 min", "12 min", "under a minute". */
export function duration(from: DateTime, to: DateTime): string {
  const minutes = Math.max(0, Math.floor(to.diff(from).as('minutes')));
  if (minutes < 1) return 'under a minute';
  const {
    days,
    hours,
    minutes: mins,
  } = Duration.fromObject({ minutes })
    .shiftTo('days', 'hours', 'minutes')
    .toObject();
  if (days) return `${days} d${hours ? ` ${hours} h` : ''}`;
  if (hours) return `${hours} h${mins ? ` ${mins} min` : ''}`;
  return `${mins} min`;
}

/** One line of plain text, at most `max` characters. */
export function oneLine(value: string, max: number): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A link title without the characters that would end the markdown link. */
export function linkTitle(value: string): string {
  return oneLine(value.replace(/[[\]()]/g, ''), 60);
}

/** "512 bytes", "12 KB", "3.4 MB". */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
