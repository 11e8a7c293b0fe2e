import { parse } from 'cookie';
import { CookieOptions, Request } from 'express';

/**
 * The login cookie: a random value set by the App Homepage URL, whose hash
 * the OAuth2 state's MAC covers, so only the browser that started a sign-in
 * can finish it (a callback URL forwarded to someone else is refused).
 * Path-scoped to the integration's callback.
 */
export const WORKSPACE_LOGIN_COOKIE = 'wecom-workspace-login';

/**
 * The ticket cookie: binds a workspace ticket to the browser that went
 * through WeCom, so only that browser can look at or redeem it. It holds an
 * HMAC of the ticket, not the ticket: the app URL carries the ticket, and a
 * leaked URL alone must not be enough.
 */
export const WORKSPACE_TICKET_COOKIE = 'wecom-workspace-ticket';

/** One cookie of a request (the plugin's router has no cookie-parser). */
export function readCookie(req: Request, name: string): string | undefined {
  return parse(req.headers.cookie ?? '')[name];
}

/**
 * The attributes every workspace cookie shares. `SameSite=Lax` and not
 * `Strict`: after its OAuth2 page WeCom sends the member's browser on to
 * `redirect_uri?code=CODE&state=STATE` (构造网页授权链接, document/path/91022),
 * a top-level cross-site GET navigation, on which browsers send Lax cookies
 * but not Strict ones.
 */
export function workspaceCookieOptions(
  externalBaseUrl: string,
  path: string,
): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: new URL(externalBaseUrl).protocol === 'https:',
    path,
  };
}
