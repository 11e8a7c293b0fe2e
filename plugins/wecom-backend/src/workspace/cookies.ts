import { Request } from 'express';

/**
 * The ticket cookie: binds a workspace ticket to the browser that went
 * through WeCom, so only that browser can redeem it.
 */
export const WORKSPACE_TICKET_COOKIE = 'wecom-workspace-ticket';

/** One cookie of a request (the plugin has no cookie-parser). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(separator + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}
