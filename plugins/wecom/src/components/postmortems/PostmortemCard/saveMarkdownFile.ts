/**
 * Hands a markdown text to the browser as a file download. The backend's
 * download route needs the user's token, which a plain link cannot send,
 * so the text is fetched through the API and saved from memory.
 */
export function saveMarkdownFile(fileName: string, markdown: string): void {
  const url = URL.createObjectURL(
    new Blob([markdown], { type: 'text/markdown;charset=utf-8' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
