/**
 * Plays the member's browser in WeCom for the workspace-login tests: it
 * follows one redirect at a time (so each hop can be checked), keeps the
 * cookies the backend sets and sends them back as a browser would (by
 * path and expiry; one host per test, so no domain matching). Two instances
 * are two browsers: an attacker's and a victim's.
 */
export class WorkspaceBrowser {
  readonly cookies = new Map<string, SetCookie>();

  /** One request without following redirects; remembers Set-Cookie. */
  async open(url: string): Promise<BrowserResponse> {
    const cookie = this.cookieHeader(url);
    const res = await fetch(url, {
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
    });
    const setCookies = res.headers.getSetCookie().map(parseSetCookie);
    for (const set of setCookies) {
      if (isExpired(set)) this.cookies.delete(set.name);
      else this.cookies.set(set.name, set);
    }
    return {
      status: res.status,
      location: res.headers.get('location') ?? undefined,
      body: await res.text(),
      setCookies,
    };
  }

  /**
   * The whole hop sequence: App Homepage URL → WeCom's authorize page (the
   * emulator) → our callback. Answers the callback's response.
   */
  async signInFromWorkspace(homepageUrl: string): Promise<BrowserResponse> {
    const homepage = await this.open(homepageUrl);
    if (homepage.status !== 302 || !homepage.location) {
      throw new Error(`Homepage answered ${homepage.status}: ${homepage.body}`);
    }
    const wecom = await this.open(homepage.location);
    if (wecom.status !== 302 || !wecom.location) {
      throw new Error(`WeCom answered ${wecom.status}: ${wecom.body}`);
    }
    return this.open(wecom.location);
  }

  /** The `Cookie` header this browser sends to `url`. */
  cookieHeader(url: string): string {
    const { pathname } = new URL(url);
    return [...this.cookies.values()]
      .filter(cookie => !isExpired(cookie) && pathMatches(cookie, pathname))
      .map(cookie => `${cookie.name}=${encodeURIComponent(cookie.value)}`)
      .join('; ');
  }
}

/** RFC 6265 5.1.4 path-match; a cookie without a path is treated as `/`. */
function pathMatches(cookie: SetCookie, requestPath: string): boolean {
  const path =
    typeof cookie.attributes.path === 'string' ? cookie.attributes.path : '/';
  if (requestPath === path) return true;
  if (!requestPath.startsWith(path)) return false;
  return path.endsWith('/') || requestPath.charAt(path.length) === '/';
}

function isExpired(cookie: SetCookie): boolean {
  const maxAge = cookie.attributes['max-age'];
  if (typeof maxAge === 'string') return Number(maxAge) <= 0;
  const expires = cookie.attributes.expires;
  return typeof expires === 'string' && Date.parse(expires) <= Date.now();
}

export interface BrowserResponse {
  status: number;
  location?: string;
  body: string;
  setCookies: SetCookie[];
}

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case; flags map to `true`. */
  attributes: Record<string, string | true>;
}

function parseSetCookie(header: string): SetCookie {
  const [pair, ...attributes] = header.split(';').map(part => part.trim());
  const separator = pair.indexOf('=');
  return {
    name: pair.slice(0, separator),
    value: decodeURIComponent(pair.slice(separator + 1)),
    attributes: Object.fromEntries(
      attributes.map(attribute => {
        const [key, ...value] = attribute.split('=');
        return [key.toLowerCase(), value.length ? value.join('=') : true];
      }),
    ),
  };
}

/** The ticket and integration of the app URL the callback redirects to. */
export function readAppRedirect(location: string | undefined) {
  const url = new URL(location ?? '');
  return {
    url,
    ticket: url.searchParams.get('ticket') ?? '',
    integration: url.searchParams.get('integration') ?? '',
  };
}
