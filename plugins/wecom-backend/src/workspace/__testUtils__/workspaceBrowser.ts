/**
 * Plays the member's browser in WeCom for the workspace-login tests: it
 * follows one redirect at a time (so each hop can be checked) and keeps the
 * cookies the backend sets.
 */
export class WorkspaceBrowser {
  readonly cookies = new Map<string, SetCookie>();

  /** One request without following redirects; remembers Set-Cookie. */
  async open(url: string): Promise<BrowserResponse> {
    const res = await fetch(url, { redirect: 'manual' });
    const setCookies = res.headers.getSetCookie().map(parseSetCookie);
    for (const cookie of setCookies) this.cookies.set(cookie.name, cookie);
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
