import { DateTime, Duration } from 'luxon';
import { escapeLine, markdownLink } from '../../../text/wecomMarkdown';

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

/**
 * One line of outside text (a title, a timeline entry, a chat line), at
 * most `max` characters, escaped: it shows in WeCom as written, with no
 * link, heading, tag or mention of its own.
 */
export function oneLine(value: string, max: number): string {
  return escapeLine(value, max);
}

/** Outside refs and names (entity refs, users, systems), escaped. */
export function refs(...values: string[]): string {
  return values.map(value => escapeLine(value)).join(', ');
}

/** A catalog link: the title escaped, the URL unable to leave the link. */
export function catalogLink(link: { title: string; url: string }): string {
  return markdownLink(oneLineRaw(link.title, 60), link.url);
}

/** The title of a link to a Backstage page, escaped. */
export function linkTitle(value: string): string {
  return oneLine(value, 60);
}

function oneLineRaw(value: string, max: number): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** "512 bytes", "12 KB", "3.4 MB". */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
