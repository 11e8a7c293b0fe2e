import { DateTime } from 'luxon';
import { measureText } from '../../../text/fitText';
import { escapeLine, markdownLink } from '../../../text/wecomMarkdown';
import { DUPLICATE_CHECK_SECONDS } from '../policy';

/** `markdown.content` takes at most 2,048 bytes (page 90236). */
const MAX_CONTENT_BYTES = 2_048;

/** Incidents of one service and cause, as a digest counts them. */
export interface DigestGroup {
  label: string;
  incidents: number;
}

/**
 * The `message/send` JSON of a digest: a markdown message (a digest has no
 * buttons, and its lines would not fit a template card's fields) saying
 * how many incidents the member holds, by service and cause, largest
 * first, as many lines as fit in 2,048 bytes, and a link to the incident
 * list. Its reference and time keep two digests with the same counts from
 * being taken for one by WeCom's duplicate check (which would drop the
 * second without an error); retries send these exact bytes.
 */
export function buildDigestBody(input: {
  agentId: number;
  userId: string;
  taskId: string;
  groups: DigestGroup[];
  incidentsUrl?: string;
  now: DateTime;
}): string {
  const groups = [...input.groups].sort(
    (a, b) => b.incidents - a.incidents || a.label.localeCompare(b.label),
  );
  const total = groups.reduce((sum, g) => sum + g.incidents, 0);
  const head = [
    `**You hold ${total} new incident${total === 1 ? '' : 's'}**`,
    `<font color="comment">One message for all of them, to keep within WeCom's limit of messages per person.</font>`,
  ];
  const tail = [
    ...(input.incidentsUrl
      ? [markdownLink('Open the incidents', input.incidentsUrl)]
      : []),
    `<font color="comment">Digest ${escapeLine(
      input.taskId.slice(-12),
    )} · ${input.now.toUTC().toFormat("HH:mm:ss 'UTC'")}</font>`,
  ];
  const lines: string[] = [];
  const fits = (extra: string[]) =>
    measureText([...head, ...lines, ...extra, ...tail].join('\n'), {
      bytes: MAX_CONTENT_BYTES,
    }) <= MAX_CONTENT_BYTES;
  for (const [index, group] of groups.entries()) {
    const line = `> ${group.incidents} · ${escapeLine(group.label)}`;
    const rest = groups.length - index - 1;
    const more = rest > 0 ? [moreLine(groups.slice(index + 1))] : [];
    if (!fits([line, ...more])) {
      lines.push(moreLine(groups.slice(index)));
      break;
    }
    lines.push(line);
  }
  return JSON.stringify({
    touser: input.userId,
    msgtype: 'markdown',
    agentid: input.agentId,
    markdown: { content: [...head, ...lines, ...tail].join('\n') },
    enable_duplicate_check: 1,
    duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
  });
}

function moreLine(rest: DigestGroup[]): string {
  const incidents = rest.reduce((sum, g) => sum + g.incidents, 0);
  return `> … and ${incidents} more in ${rest.length} other group${
    rest.length === 1 ? '' : 's'
  }`;
}
