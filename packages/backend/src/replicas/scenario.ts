import { randomBytes } from 'node:crypto';

/** Names and secrets of one run, unique so runs never see each other's rows or tokens. */
export interface Scenario {
  runId: string;
  /**
   * Prefix of the plugins' PostgreSQL databases (`<prefix>wecom`,
   * `<prefix>catalog`, …): {@link DATABASE_PREFIX}, the start time in epoch
   * seconds, the run id.
   */
  databasePrefix: string;
  /** Redis key namespace of the cache service. */
  cacheNamespace: string;
  integrationId: string;
  corpId: string;
  agentId: number;
  secret: string;
  callbackToken: string;
  encodingAESKey: string;
  secretsKey: string;
  /** Static token the test calls the backends' APIs with. */
  apiToken: string;
  /** The fan-out's members: catalog user `replica-member-NNNN` is WeCom `rmNNNN`. */
  members: Array<{ name: string; userid: string }>;
  /** The member who clicks a card (not in the fan-out). */
  clicker: { name: string; userid: string };
  /** The escalation level's one target (not in the fan-out). */
  escalationTarget: { name: string; userid: string };
  fanOutGroup: string;
  /** The smart bot of the corp, over its callback URL. */
  bot: { botId: string; token: string; encodingAESKey: string };
  /**
   * A second corp and integration whose smart bot uses the long connection
   * (one replica holds its WebSocket to the emulator).
   */
  wsBot: {
    integrationId: string;
    corpId: string;
    agentId: number;
    secret: string;
    botId: string;
    botSecret: string;
    /** The one member of that corp, who writes to the bot. */
    member: { name: string; userid: string };
  };
}

/** Every run's databases start with this. */
export const DATABASE_PREFIX = 'wecom_replicas_';

export function createScenario(memberCount: number): Scenario {
  const runId = randomBytes(4).toString('hex');
  const width = String(memberCount).length;
  const members = Array.from({ length: memberCount }, (_, i) => {
    const n = String(i + 1).padStart(width, '0');
    return { name: `replica-member-${n}`, userid: `rm${n}` };
  });
  return {
    runId,
    databasePrefix: `${DATABASE_PREFIX}${Math.floor(
      Date.now() / 1000,
    )}_${runId}_`,
    cacheNamespace: `wecom-replicas-${runId}`,
    integrationId: 'replicas',
    corpId: `wwreplicas${runId}`,
    agentId: 1000002,
    secret: randomBytes(16).toString('hex'),
    callbackToken: randomBytes(8).toString('hex'),
    encodingAESKey: alphanumeric(43),
    secretsKey: randomBytes(32).toString('hex'),
    apiToken: randomBytes(24).toString('hex'),
    members,
    clicker: { name: 'replica-clicker', userid: 'rclicker' },
    escalationTarget: { name: 'replica-escalation', userid: 'rescalation' },
    fanOutGroup: 'replicas-fanout',
    bot: {
      botId: `aibreplicas${runId}`,
      token: alphanumeric(16),
      encodingAESKey: alphanumeric(43),
    },
    wsBot: {
      integrationId: 'replicas-ws',
      corpId: `wwreplicasws${runId}`,
      agentId: 1000003,
      secret: randomBytes(16).toString('hex'),
      botId: `aibreplicasws${runId}`,
      botSecret: randomBytes(16).toString('hex'),
      member: { name: 'replica-ws-member', userid: 'rwsmember' },
    },
  };
}

/** The catalog: the fan-out group, its members and the clicker, each with their WeCom userid. */
export function catalogYaml(s: Scenario): string {
  const user = (u: { name: string; userid: string }, memberOf: string[]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: u.name,
      annotations: { 'work.weixin.qq.com/userid': u.userid },
    },
    spec: { profile: { displayName: u.name }, memberOf },
  });
  const entities = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: s.fanOutGroup },
      spec: { type: 'team', children: [] },
    },
    user(s.clicker, []),
    user(s.escalationTarget, []),
    ...s.members.map(m => user(m, [s.fanOutGroup])),
  ];
  // JSON documents are YAML documents: no YAML library needed.
  return entities.map(e => `---\n${JSON.stringify(e)}\n`).join('');
}

/**
 * The emulator's corp: the same members, app callbacks to `callbackUrl`,
 * its bot's to `botCallbackUrl`; and the corp of the long-connection bot.
 */
export function emulatorOptions(
  s: Scenario,
  urls: { callbackUrl: string; botCallbackUrl: string },
) {
  return {
    corps: [
      {
        corpId: s.corpId,
        name: 'Replicas test corp',
        apps: [
          {
            agentId: s.agentId,
            secret: s.secret,
            allowUsers: 'all',
            callback: {
              url: urls.callbackUrl,
              token: s.callbackToken,
              encodingAESKey: s.encodingAESKey,
            },
          },
        ],
        users: [s.clicker, s.escalationTarget, ...s.members].map(u => ({
          userid: u.userid,
          name: u.name,
          department: [1],
        })),
        bot: { ...s.bot, callbackUrl: urls.botCallbackUrl },
      },
      {
        corpId: s.wsBot.corpId,
        name: 'Replicas long-connection corp',
        apps: [
          {
            agentId: s.wsBot.agentId,
            secret: s.wsBot.secret,
            allowUsers: 'all',
          },
        ],
        users: [{ ...s.wsBot.member, department: [1] }],
        bot: {
          botId: s.wsBot.botId,
          // Required by the emulator; the long connection does not use them.
          token: alphanumeric(16),
          encodingAESKey: alphanumeric(43),
          botSecret: s.wsBot.botSecret,
        },
      },
    ],
  };
}

/**
 * One replica's config, layered over the repository's app-config.yaml:
 * its own port; the shared database, cache and secrets key; the
 * integration pointing at the emulator, with War Rooms and its bot over the
 * callback; a second integration whose bot uses the emulator's long
 * connection (`botWsUrl`); a short outbox claim timeout.
 */
export function replicaConfig(
  s: Scenario,
  options: {
    port: number;
    postgresUrl: string;
    redisUrl: string;
    emulatorUrl: string;
    /** The emulator's `/aibot/ws`. */
    botWsUrl: string;
    catalogFile: string;
    claimTimeoutSeconds: number;
    /** Stands in for WeCom's media storage (`slowMedia.ts`). */
    mediaUrl: string;
  },
) {
  return {
    backend: {
      baseUrl: `http://127.0.0.1:${options.port}`,
      listen: { port: options.port, host: '127.0.0.1' },
      database: {
        client: 'pg',
        connection: options.postgresUrl,
        prefix: s.databasePrefix,
      },
      cache: {
        store: 'redis',
        connection: options.redisUrl,
        redis: { client: { namespace: s.cacheNamespace } },
      },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: s.apiToken, subject: 'replicas-test' },
          },
        ],
      },
    },
    catalog: {
      // The org's own file may hold users and groups (app-config.yaml allows
      // them nowhere else).
      locations: [
        {
          type: 'file',
          target: options.catalogFile,
          rules: [{ allow: ['User', 'Group'] }],
        },
      ],
    },
    wecom: {
      secretsKey: s.secretsKey,
      integrations: [
        {
          id: s.integrationId,
          name: 'Replicas test corp',
          mode: 'customApp',
          corpId: s.corpId,
          agentId: s.agentId,
          secret: s.secret,
          apiBaseUrl: options.emulatorUrl,
          callback: {
            token: s.callbackToken,
            encodingAESKey: s.encodingAESKey,
          },
          bot: { token: s.bot.token, encodingAESKey: s.bot.encodingAESKey },
          warRoom: { enabled: true },
        },
        {
          id: s.wsBot.integrationId,
          name: 'Replicas long-connection corp',
          mode: 'customApp',
          corpId: s.wsBot.corpId,
          agentId: s.wsBot.agentId,
          secret: s.wsBot.secret,
          apiBaseUrl: options.emulatorUrl,
          bot: {
            mode: 'longConnection',
            botId: s.wsBot.botId,
            secret: s.wsBot.botSecret,
            wsUrl: options.botWsUrl,
          },
        },
      ],
      // The bot downloads media only from WeCom's hosts; here the slow
      // media server is WeCom's storage.
      aiSre: { bot: { allowedHosts: [options.mediaUrl] } },
      notifications: {
        integration: s.integrationId,
        outbox: { claimTimeoutSeconds: options.claimTimeoutSeconds },
      },
      // An hour: no incident escalates by itself during the run; the
      // escalation test makes its own timer due in the database.
      escalation: {
        levels: [
          {
            afterMinutes: 60,
            targets: [`user:default/${s.escalationTarget.name}`],
          },
        ],
        renotifyMinutes: 0,
      },
    },
  };
}

/** WeCom's keys are letters and digits only. */
function alphanumeric(length: number): string {
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(length), b => alphabet[b % 62]).join('');
}
