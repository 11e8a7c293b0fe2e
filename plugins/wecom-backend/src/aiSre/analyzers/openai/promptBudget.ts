/**
 * Rough token count without the model's tokenizer (each model family has
 * its own): about 4 characters of ASCII per token, and one token per
 * other character — Chinese text costs about one token per character, so
 * counting it at a quarter would let a Chinese prompt overflow.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const char of text) {
    if (char.codePointAt(0)! < 0x80) ascii += 1;
    else other += 1;
  }
  return Math.ceil(ascii / 4) + other;
}

/** A titled block of the prompt's lines. */
export interface PromptSection {
  title?: string;
  lines: string[];
  /**
   * When set, the section's oldest (first) lines are dropped to fit the
   * budget, lowest `dropOrder` first; without it the section is kept.
   */
  dropOrder?: number;
}

/** The sections as one text, a blank line between sections. */
export function renderSections(sections: PromptSection[]): string {
  return sections
    .filter(section => section.lines.length > 0)
    .map(section =>
      [section.title ? `${section.title}:` : undefined, ...section.lines]
        .filter(line => line !== undefined)
        .join('\n'),
    )
    .join('\n\n');
}

/**
 * Fits the sections within `maxTokens`: drops the oldest lines of the
 * droppable sections (lowest `dropOrder` first, each with a note of what
 * was left out), then, if the kept sections alone are too big, cuts the
 * text. The newest lines and the question (a kept section) stay.
 */
export function fitSections(
  sections: PromptSection[],
  maxTokens: number,
): string {
  const working = sections.map(section => ({
    ...section,
    lines: [...section.lines],
    dropped: 0,
  }));
  const render = () =>
    renderSections(
      working.map(section => ({
        ...section,
        lines:
          section.dropped > 0
            ? [
                `(${section.dropped} earlier lines left out to fit the prompt budget)`,
                ...section.lines,
              ]
            : section.lines,
      })),
    );

  const order = working
    .filter(section => section.dropOrder !== undefined)
    .sort((a, b) => a.dropOrder! - b.dropOrder!);
  let text = render();
  let tokens = estimateTokens(text);
  for (const section of order) {
    while (tokens > maxTokens && section.lines.length > 0) {
      // Drop in steps of about the overflow: one line at a time would
      // re-render a long prompt thousands of times.
      const overflow = tokens - maxTokens;
      let freed = 0;
      while (freed < overflow && section.lines.length > 0) {
        freed += estimateTokens(section.lines.shift()!) + 1;
        section.dropped += 1;
      }
      text = render();
      tokens = estimateTokens(text);
    }
  }
  if (tokens <= maxTokens) return text;
  return cutToTokens(text, maxTokens);
}

/** The start of `text` within `maxTokens`, marked as cut. */
export function cutToTokens(text: string, maxTokens: number): string {
  const note = '\n… (cut to fit the prompt budget)';
  const budget = Math.max(0, maxTokens - estimateTokens(note));
  let used = 0;
  let end = 0;
  for (const char of text) {
    const cost = char.codePointAt(0)! < 0x80 ? 0.25 : 1;
    if (used + cost > budget) break;
    used += cost;
    end += char.length;
  }
  return end >= text.length ? text : `${text.slice(0, end)}${note}`;
}
