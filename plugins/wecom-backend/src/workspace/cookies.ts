import { parse } from 'cookie';
import { Request } from 'express';

/**
 * The ticket cookie: binds a workspace ticket to the browser that went
 * through WeCom, so only that browser can redeem it.
 */
export const WORKSPACE_TICKET_COOKIE = 'wecom-workspace-ticket';

/** One cookie of a request (the plugin's router has no cookie-parser). */
export function readCookie(req: Request, name: string): string | undefined {
  return parse(req.headers.cookie ?? '')[name];
}
