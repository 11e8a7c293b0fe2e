import { ELLIPSIS, fitText } from '../../text/fitText';
import { CARD_COUNTS, CARD_LIMITS } from './limits';

/**
 * The template body as the card's custom area (`sub_title_text`): at most
 * 8 lines — longer text keeps the first 8, the last ending in "…" — and
 * within WeCom's 160 字. `cut` says the card no longer holds all of it.
 */
export function fitCustomArea(rendered: string): {
  text: string;
  cut: boolean;
  warnings: string[];
} {
  const warnings: string[] = [];
  const lines = rendered
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(line => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();

  const maxLines = CARD_COUNTS.customAreaLines;
  let linesCut = false;
  if (lines.length > maxLines) {
    warnings.push(
      `The custom area has ${lines.length} lines; the card shows the first ${maxLines}, the last ending in "${ELLIPSIS}"`,
    );
    lines.length = maxLines;
    lines[maxLines - 1] = `${lines[maxLines - 1]}${ELLIPSIS}`;
    linesCut = true;
  }

  const fitted = fitText(lines.join('\n'), CARD_LIMITS.subTitleText);
  if (fitted.cut) {
    warnings.push(
      `The custom area is over WeCom's limit of ${CARD_LIMITS.subTitleText.width} characters; it was cut with "${ELLIPSIS}"`,
    );
  }
  return { text: fitted.text, cut: linesCut || fitted.cut, warnings };
}
