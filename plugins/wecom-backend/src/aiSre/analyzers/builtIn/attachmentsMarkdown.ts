import { WeComAnalysisAttachment } from 'backstage-plugin-wecom-node';
import { oneLine, size } from './text';

/** Lines of a text file quoted in an answer. */
const QUOTED_LINES = 10;
const QUOTED_LINE_CHARS = 160;

/** Files read as text: what people paste from logs and configs. */
export function isTextAttachment(attachment: WeComAnalysisAttachment): boolean {
  return (
    attachment.mimeType.startsWith('text/') ||
    /json|xml|yaml|csv|x-sh|javascript/.test(attachment.mimeType)
  );
}

/** The first lines of a text attachment, UTF-8 (bad bytes replaced). */
export function firstLines(
  attachment: WeComAnalysisAttachment,
  count: number,
): { lines: string[]; more: number } {
  const text = new TextDecoder('utf-8').decode(attachment.bytes);
  const all = text.split(/\r?\n/);
  while (all.length > 0 && all[all.length - 1].trim() === '') all.pop();
  return { lines: all.slice(0, count), more: Math.max(0, all.length - count) };
}

/** `image 12 KB (image/png)`, `file app.log 3 KB (text/plain)`. */
export function describeAttachment(
  attachment: WeComAnalysisAttachment,
): string {
  const name = attachment.fileName
    ? ` ${oneLine(attachment.fileName, 60)}`
    : '';
  return `${attachment.kind}${name} ${size(attachment.bytes.length)} (${
    attachment.mimeType
  })`;
}

/**
 * What the built-in analyzer can do with attachments: say what arrived,
 * quote the start of text files, and be plain that it reads no images.
 */
export function attachmentsSection(
  attachments: WeComAnalysisAttachment[],
): string {
  if (attachments.length === 0) return '';
  const lines = ['**Attachments**'];
  for (const attachment of attachments) {
    const what = describeAttachment(attachment);
    if (attachment.kind === 'image') {
      lines.push(
        `${what} received; the built-in analyzer does not read images.`,
      );
    } else if (isTextAttachment(attachment)) {
      const { lines: first, more } = firstLines(attachment, QUOTED_LINES);
      lines.push(`${what} received; its first lines:`);
      for (const line of first) {
        lines.push(`> ${oneLine(line, QUOTED_LINE_CHARS) || ' '}`);
      }
      if (more > 0) lines.push(`> … ${more} more lines`);
    } else {
      lines.push(
        `${what} received; the built-in analyzer reads only text files.`,
      );
    }
  }
  return lines.join('\n');
}
