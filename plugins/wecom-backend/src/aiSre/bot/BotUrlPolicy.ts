import {
  HostRule,
  HostRules,
  hostRuleOf,
  parseHostRule,
} from '../../http/hostRules';
import { WeComIntegration } from '../../integrations/types';

/** What the bot does with a URL WeCom sent it. */
export type BotUrlPurpose = 'media' | 'response';

/**
 * Hosts of WeCom's bot media. The official "receive messages" page of the
 * smart bot (智能机器人 接收消息, developer.work.weixin.qq.com document
 * 100719) shows image, file and video URLs on Tencent Cloud object storage,
 * `https://ww-aibot-img-1258476243.cos.ap-guangzhou.myqcloud.com/…?sign=…`.
 * Which buckets and regions WeCom uses is not documented, so every
 * `*.myqcloud.com` host is allowed (https only); a private deployment adds
 * its own with `wecom.aiSre.bot.allowedHosts`.
 */
const WECOM_MEDIA_HOSTS: HostRule[] = [
  { host: '*.myqcloud.com', encryptedOnly: true },
];

/**
 * Where a `response_url` posts. WeCom's active-reply page (document 101138)
 * could not be read here; SDKs and projects that log real callbacks show
 * `https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=…`,
 * i.e. the API host (the integration's `apiBaseUrl`) and this path.
 * Unconfirmed by an official page: a deployment whose URLs differ adds
 * hosts with `wecom.aiSre.bot.allowedHosts`.
 */
const RESPONSE_PATH = '/cgi-bin/aibot/response';

/** A bot URL points somewhere the bot does not go. Never holds the URL. */
export class BotUrlRefusedError extends Error {
  override readonly name = 'BotUrlRefusedError';
}

/**
 * Decides which URLs from bot messages (media to download, `response_url`
 * to post a late answer to) the backend may fetch. They come from WeCom's
 * decrypted callback or socket, but a leaked bot key, a spoofed long
 * connection or a misconfigured emulator could point them anywhere — at
 * the cloud's metadata service or an internal admin page. Allowed: the
 * integration's own WeCom endpoints (the host and port of `apiBaseUrl`, and
 * of the long connection's `wsUrl`, which is how the emulator is allowed in
 * dev and tests; https only when they are https/wss), WeCom's media storage
 * for media, and the hosts an admin adds. Hosts are matched as
 * `wecom.allowedApiHosts` matches them ({@link HostRules}).
 */
export class BotUrlPolicy {
  private readonly extraHosts: HostRule[];

  constructor(
    private readonly options: {
      integrations: { get(id: string): Promise<WeComIntegration | undefined> };
      /**
       * `wecom.aiSre.bot.allowedHosts`: more hosts, `*.` for subdomains; a
       * host without a scheme is https only. Throws on an entry that is
       * not a host.
       */
      allowedHosts?: string[];
    },
  ) {
    this.extraHosts = (options.allowedHosts ?? []).map((entry, i) =>
      parseHostRule(entry, {
        where: `wecom.aiSre.bot.allowedHosts[${i}]`,
        bare: 'encrypted',
        wildcards: true,
      }),
    );
  }

  /** The URL, parsed, when the bot may fetch it; else throws {@link BotUrlRefusedError}. */
  async check(
    integrationId: string,
    rawUrl: string,
    purpose: BotUrlPurpose,
  ): Promise<URL> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new BotUrlRefusedError('its address is not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new BotUrlRefusedError('its address is not an http(s) URL');
    }
    if (url.username || url.password) {
      throw new BotUrlRefusedError('its address carries a user name');
    }
    if (purpose === 'response' && !url.pathname.endsWith(RESPONSE_PATH)) {
      throw new BotUrlRefusedError(
        `its address is not WeCom's reply API (${RESPONSE_PATH})`,
      );
    }
    const integration = await this.options.integrations.get(integrationId);
    const rules = new HostRules([
      ...(integration ? ownHosts(integration) : []),
      ...(purpose === 'media' ? WECOM_MEDIA_HOSTS : []),
      ...this.extraHosts,
    ]);
    if (rules.verdict(url) !== 'allowed') {
      throw new BotUrlRefusedError(
        `its host ${url.host} is not one of integration "${integrationId}"'s WeCom hosts (add it to wecom.aiSre.bot.allowedHosts if WeCom really uses it)`,
      );
    }
    return url;
  }
}

/** The hosts of the integration's own WeCom endpoints. */
function ownHosts(integration: WeComIntegration): HostRule[] {
  const urls = [integration.apiBaseUrl];
  // The socket's host serves http(s) too (the emulator does).
  if (integration.bot?.mode === 'longConnection' && integration.bot.wsUrl) {
    urls.push(integration.bot.wsUrl);
  }
  return urls.flatMap(raw => {
    try {
      return [hostRuleOf(raw)];
    } catch {
      return []; // An unparsable setting allows nothing.
    }
  });
}
