/**
 * Names what the caller may see and only counts the rest, for refusals
 * that list what stands in the way: `"a", "b" and 2 more you cannot see`,
 * or `2 you cannot see` when they see none.
 */
export function namedAndHidden(visible: string[], hidden: number): string {
  const named = visible.join(', ');
  if (hidden === 0) return named;
  if (visible.length === 0) return `${hidden} you cannot see`;
  return `${named} and ${hidden} more you cannot see`;
}
