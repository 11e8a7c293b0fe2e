/**
 * Which hosts the backend may connect to when the address comes from
 * somewhere it does not fully trust: a stored integration's endpoints,
 * where its secrets go (`wecom.allowedApiHosts`), and the URLs in bot
 * messages (`wecom.aiSre.bot.allowedHosts`). One way to write a host, one
 * way to match it.
 *
 * A rule is a host name (or `*.example.com` for its subdomains, where
 * wildcards are allowed), a port and whether only encrypted connections
 * (https, wss) may use it. Without a port it allows the default ports
 * (80 for http/ws, 443 for https/wss); with one, that port over any
 * scheme the rule allows.
 */

/** One allowed host. */
export interface HostRule {
  /** Lower-case host name, or `*.suffix` for the suffix's subdomains. */
  host: string;
  /** Undefined: the scheme's default port. */
  port?: string;
  /** Only https and wss. */
  encryptedOnly: boolean;
}

/** How a rule answers a URL. */
export type HostVerdict = 'allowed' | 'unencrypted' | 'unlisted';

const DEFAULT_PORTS: Record<string, string> = {
  'http:': '80',
  'ws:': '80',
  'https:': '443',
  'wss:': '443',
};
const ENCRYPTED = new Set(['https:', 'wss:']);

/**
 * The rule a configured URL stands for (an integration's `apiBaseUrl` or
 * `bot.wsUrl`): its host and port, encrypted only when its scheme is.
 */
export function hostRuleOf(url: string | URL): HostRule {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return {
    host: parsed.hostname.toLowerCase(),
    port: parsed.port || undefined,
    encryptedOnly: ENCRYPTED.has(parsed.protocol),
  };
}

/**
 * Reads one configured entry: `host`, `host:port` or a URL (`https://host`
 * makes it encrypted only); `*.example.com` when `wildcards`. `bare` says
 * what a host named without a scheme allows. Throws an Error naming
 * `where` when the entry is not a host.
 */
export function parseHostRule(
  entry: string,
  options: { where: string; bare: 'any' | 'encrypted'; wildcards: boolean },
): HostRule {
  const text = entry.trim().toLowerCase();
  const hasScheme = text.includes('://');
  let rule: HostRule | undefined;
  try {
    const url = new URL(hasScheme ? text : `https://${text}`);
    if (DEFAULT_PORTS[url.protocol] && !url.username && !url.password) {
      rule = hostRuleOf(url);
      if (!hasScheme) rule.encryptedOnly = options.bare === 'encrypted';
    }
  } catch {
    // Not a URL: refused below.
  }
  // The URL parser takes `*` as a host character: only `*.` + a domain.
  const wildcard = rule?.host.startsWith('*.');
  if (wildcard && !options.wildcards) {
    throw new Error(
      `Invalid ${options.where}: "${entry}" names no single host; wildcards are not allowed here, list each host`,
    );
  }
  const shape = wildcard ? /^\*\.[^*.]+\.[^*]+$/ : /^[^*]+$/;
  if (!rule || !shape.test(rule.host)) {
    throw new Error(
      `Invalid ${options.where}: "${entry}" is not a host name such as qyapi.weixin.qq.com or wecom.example.com:8443`,
    );
  }
  return rule;
}

/**
 * A set of {@link HostRule}s. A host named twice with the same port keeps
 * the less strict rule.
 */
export class HostRules {
  readonly #rules: HostRule[];

  constructor(rules: HostRule[]) {
    const byKey = new Map<string, HostRule>();
    for (const rule of rules) {
      const key = labelOf(rule);
      const known = byKey.get(key);
      if (!known || known.encryptedOnly) byKey.set(key, rule);
    }
    this.#rules = [...byKey.values()];
  }

  /**
   * `allowed`; `unencrypted` when a rule names the host and port but only
   * for https/wss; `unlisted` when none does.
   */
  verdict(url: URL): HostVerdict {
    const matching = this.#rules.filter(rule => matches(rule, url));
    if (matching.length === 0) return 'unlisted';
    return matching.some(
      rule => !rule.encryptedOnly || ENCRYPTED.has(url.protocol),
    )
      ? 'allowed'
      : 'unencrypted';
  }

  /** `host` or `host:port` per rule, for messages. */
  labels(): string[] {
    return this.#rules.map(labelOf);
  }
}

function labelOf(rule: HostRule): string {
  return rule.port ? `${rule.host}:${rule.port}` : rule.host;
}

function matches(rule: HostRule, url: URL): boolean {
  const hostname = url.hostname.toLowerCase();
  const hostMatches = rule.host.startsWith('*.')
    ? hostname.endsWith(rule.host.slice(1)) &&
      hostname.length > rule.host.length - 1
    : hostname === rule.host;
  if (!hostMatches) return false;
  // The URL parser drops a scheme's default port: '' means the default.
  return rule.port === undefined
    ? url.port === ''
    : (url.port || DEFAULT_PORTS[url.protocol]) === rule.port;
}
