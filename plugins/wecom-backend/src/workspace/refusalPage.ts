import { Response } from 'express';

/**
 * Answers a refused workspace-login step with a small page a member can
 * read in WeCom's in-app browser: what went wrong and how to start over.
 */
export function sendRefusalPage(
  res: Response,
  status: number,
  reason: string,
): void {
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign-in from WeCom failed</title>
</head>
<body>
<h1>Sign-in from WeCom failed</h1>
<p>${escapeHtml(reason)}.</p>
<p>Open the app again from the WeCom workspace (工作台).</p>
<p lang="zh">企业微信登录失败，请从企业微信工作台重新打开应用。</p>
</body>
</html>
`);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );
}
