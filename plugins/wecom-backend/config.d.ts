export interface Config {
  /** The WeCom incident integration. */
  wecom?: {
    /**
     * Integrations defined in configuration; they show read-only in the
     * setup page. More can be created through the setup form.
     */
    integrations?: Array<{
      /**
       * Used in the callback paths; lower-case letters, digits, `-` and `_`;
       * unique.
       */
      id: string;
      /** A name people recognise, e.g. the company name (default: the id). */
      name?: string;
      /**
       * `customApp` (self-built app, default) or `thirdPartyApp` (a
       * suite installed by the corp; the integration holds only the Corp ID).
       */
      mode?: 'customApp' | 'thirdPartyApp';
      /** The Corp ID (企业ID), e.g. ww0123456789abcdef. */
      corpId: string;
      /**
       * The custom app's AgentId; a third-party app gets its agent id from
       * the corp's authorization.
       */
      agentId?: number;
      /**
       * The custom app's Secret.
       * @visibility secret
       */
      secret?: string;
      /**
       * A private deployment's API endpoint, every path stays the same;
       * default https://qyapi.weixin.qq.com.
       */
      apiBaseUrl?: string;
      /** The custom app's "API receive" (接收消息) settings. */
      callback?: {
        /**
         * The callback Token.
         * @visibility secret
         */
        token: string;
        /**
         * The callback EncodingAESKey (43 characters).
         * @visibility secret
         */
        encodingAESKey: string;
      };
      /**
       * The smart bot (智能机器人). With `mode: callback` (the default)
       * WeCom calls the bot-callback URL, signed with `token` and
       * `encodingAESKey`; with `mode: longConnection` the backend holds a
       * WebSocket to WeCom, authenticated with `botId` and `secret`, and
       * needs no public URL.
       */
      bot?: {
        /** `callback` (default) or `longConnection`. */
        mode?: 'callback' | 'longConnection';
        /**
         * Callback mode: the bot's callback Token.
         * @visibility secret
         */
        token?: string;
        /**
         * Callback mode: the bot's callback EncodingAESKey (43 characters).
         * @visibility secret
         */
        encodingAESKey?: string;
        /** Long connection: the bot's id (BotID). */
        botId?: string;
        /**
         * Long connection: the bot's Secret.
         * @visibility secret
         */
        secret?: string;
        /** Long connection: a private deployment's address; default wss://openws.work.weixin.qq.com. */
        wsUrl?: string;
      };
      /** War Rooms (group chats per incident); at most one integration. */
      warRoom?: {
        /**
         * This integration creates War Rooms (default false); only one
         * integration may, and only in custom-app mode.
         */
        enabled?: boolean;
      };
      /** How One-Click Link finds each catalog user's WeCom member. */
      oneClickLink?: {
        /**
         * Also match the catalog email against members' personal email
         * (default false). Turn it on only if members cannot edit their own
         * email in your corp: one who enters a colleague's address would be
         * linked to the colleague's Backstage user.
         */
        matchPersonalEmail?: boolean;
      };
      /**
       * Third-party app mode: the suite of `wecom.suites` that serves this
       * corp (default: the only suite).
       */
      suiteId?: string;
    }>;
    /**
     * Third-party app (service provider) suites, for integrations in
     * `thirdPartyApp` mode.
     */
    suites?: Array<{
      /** The suite's SuiteID, also part of its callback URLs. */
      suiteId: string;
      /** How the setup form names the suite (e.g. the provider's app name). */
      name?: string;
      /** A private deployment's API endpoint; default https://qyapi.weixin.qq.com. */
      apiBaseUrl?: string;
      /**
       * The suite's Secret.
       * @visibility secret
       */
      suiteSecret: string;
      /**
       * The Token of the suite's instruction and data callbacks.
       * @visibility secret
       */
      token: string;
      /**
       * The EncodingAESKey of the suite's instruction and data callbacks.
       * @visibility secret
       */
      encodingAESKey: string;
    }>;
    /**
     * The hosts that integrations created in the setup form may use as their
     * API endpoint (`apiBaseUrl`) or bot long-connection address
     * (`bot.wsUrl`): the backend sends their secrets there. Each entry is a
     * host name, with `:port` when it is not 80 or 443. Default: WeCom's
     * public hosts, qyapi.weixin.qq.com and openws.work.weixin.qq.com. The
     * hosts named by `wecom.integrations` and `wecom.suites` above are always
     * allowed. List your private deployment's hosts here.
     */
    allowedApiHosts?: string[];
    /**
     * The key that seals secrets of integrations created in the setup form
     * (AES-256-GCM at rest) and signs the WeCom workspace identity. Any
     * string of 32 characters or more, e.g. `openssl rand -base64 32`; keep
     * it in an environment variable. Without it the setup form cannot store
     * secrets and the `wecom` auth provider refuses to start. The demo
     * `app-config.yaml`'s public fallback is refused when
     * `NODE_ENV=production`.
     * @visibility secret
     */
    secretsKey?: string;
    /** The AI SRE: analyzers, the smart bot's answers and post-mortems. */
    aiSre?: {
      /** `builtIn` (default, no model) or `openai` (any OpenAI-compatible server). */
      analyzer?: 'builtIn' | 'openai';
      /** The OpenAI-compatible model server (OpenAI, vLLM, Ollama, …). */
      openai?: {
        /** e.g. http://localhost:11434/v1 for Ollama; default OpenAI's. */
        baseUrl?: string;
        /** e.g. gpt-4o-mini, qwen2.5:14b; required with `analyzer: openai`. */
        model: string;
        /**
         * The server's API key: required for api.openai.com, optional for
         * local servers.
         * @visibility secret
         */
        apiKey?: string;
        /**
         * Gives up on one answer after this many seconds (default 60); the
         * built-in analyzer answers instead, with a note.
         */
        timeoutSeconds?: number;
        /** The most tokens one answer may produce (default 1500). */
        maxOutputTokens?: number;
        /**
         * The most tokens one prompt may hold, roughly counted (default
         * 12000); the oldest conversation and timeline lines are dropped first.
         */
        maxPromptTokens?: number;
        /** The most tool calls (incident reads) per answer (default 4). */
        maxToolCalls?: number;
      };
      /**
       * Extra regular expressions whose matches are redacted from prompts
       * (known key shapes and the integrations' secrets always are).
       */
      redactPatterns?: string[];
      /** The smart bot's downloads and late answers. */
      bot?: {
        /** The largest image or file the bot downloads, in bytes (default 10 MiB). */
        maxMediaBytes?: number;
        /**
         * More hosts the bot may download images and files from and post
         * late answers (`response_url`) to, e.g. a private deployment's:
         * `host` (https on the default port), `host:port`, a URL such as
         * `http://host` for plain http, or `*.example.com` for subdomains.
         * Always allowed: the integration's `apiBaseUrl` (and
         * long-connection `wsUrl`) host, and for media WeCom's storage
         * `*.myqcloud.com`.
         */
        allowedHosts?: string[];
      };
      /** Post-mortems of closed incidents. */
      postmortem?: {
        /**
         * Seconds between two generations of one incident's post-mortem
         * (default 60): a second one within it answers 429 with
         * Retry-After; 0 turns the limit off.
         */
        minIntervalSeconds?: number;
      };
    };
    /** The callback endpoints WeCom calls. */
    callbacks?: {
      /**
       * How far a callback's timestamp may be from now, in seconds (default
       * 300): the replay window.
       */
      maxClockSkewSeconds?: number;
      /** The largest callback body accepted, in bytes (default 65536); larger ones get 413. */
      maxBodyBytes?: number;
    };
    /** Login from the WeCom workspace (the App Homepage URL). */
    workspaceLogin?: {
      /**
       * Requests per client address to the App Homepage URL and to the
       * OAuth2 callback, each (default 60 per 60 s; shared by replicas on
       * PostgreSQL). Behind a reverse proxy set `backend.trustProxy`, or
       * every member counts as the proxy's address.
       */
      rateLimit?: {
        /** Requests allowed per window. */
        points: number;
        /** The window, in seconds. */
        durationSeconds: number;
      };
    };
    /** Linked Users. */
    linking?: {
      /**
       * One-Click Link: WeCom lookups in flight per run (1 to 50, default 4).
       * More approaches WeCom's rate limit sooner on a big catalog.
       */
      concurrency?: number;
    };
    /**
     * The budgets the backend paces its WeCom calls to (shared by replicas
     * on PostgreSQL), each `points` calls per `durationSeconds`. Set them to
     * your corp's limits: a budget above WeCom's makes calls bounce off
     * 45009 and wait for retries with backoff.
     */
    rateLimits?: {
      /** Calls per corp per API (default 10,000 per 60 s). */
      perCorpApi?: {
        /** Calls allowed per window. */
        points: number;
        /** The window, in seconds. */
        durationSeconds: number;
      };
      /** Token fetches per corp (default 20 per 60 s). */
      token?: {
        /** Calls allowed per window. */
        points: number;
        /** The window, in seconds. */
        durationSeconds: number;
      };
      /** `user/getuserid`, `user/get_userid_by_email` and `user/get` per corp (default 1,200 per 60 s). */
      lookup?: {
        /** Calls allowed per window. */
        points: number;
        /** The window, in seconds. */
        durationSeconds: number;
      };
      /** Messages per app per member (default 30 per 60 s). */
      messagePerMember?: {
        /** Calls allowed per window. */
        points: number;
        /** The window, in seconds. */
        durationSeconds: number;
      };
    };
    /** Incident cards. */
    notifications?: {
      /**
       * The integration that sends incident cards. Default: the War Room
       * integration, else the only one.
       */
      integration?: string;
      /** The outbox of card sends, drained by every replica. */
      outbox?: {
        /**
         * After how many seconds a card send or card update claimed by a
         * replica that went quiet (crashed) is taken over by another one
         * (default 120, at least 5). The retry is byte-identical, so WeCom's
         * duplicate check keeps it to one card per member.
         */
        claimTimeoutSeconds?: number;
      };
      /**
       * Alert storms. WeCom drops app messages to a member beyond 30 a
       * minute and 1,000 an hour without an error (page 90454): a member
       * who got this many cards recently gets further incidents counted in
       * one digest message instead of a card each.
       */
      storm?: {
        /** Cards of their own a member gets per rolling minute (default 10, 1–29). */
        cardsPerMinute?: number;
        /** … and per rolling hour (default 300, 1–940). */
        cardsPerHour?: number;
        /** How long a new digest waits for more incidents (default 10 s, 0–300). */
        digestDelaySeconds?: number;
        /** Least time between a member's digests (default 60 s, 60–3,600). */
        digestIntervalSeconds?: number;
      };
    };
    /** War Rooms: a WeCom group chat per incident. */
    warRoom?: {
      /**
       * The group's name, a Handlebars template (default
       * `[{{severityLabel}}] #{{number}} {{title}}`). Variables: id, number
       * (first 8 characters of the id), title, severity, severityLabel
       * (CRITICAL, HIGH, WARNING, INFO), status, entityRef, entityName. Cut to
       * WeCom's 50 characters; a template that fails gives the default name.
       */
      nameTemplate?: string;
    };
    /** How incident cards look (templates are managed in the app). */
    cards?: {
      /**
       * The IANA time zone of times on cards and of `{{date …}}` in
       * templates, e.g. `Asia/Shanghai` (default `UTC`).
       */
      timeZone?: string;
    };
    /**
     * Escalation of incidents nobody acknowledges (starts processing): the
     * default for entities without a stored escalation policy (annotation
     * `work.weixin.qq.com/escalation-policy` or their owner group's; see
     * docs/escalation-policies.md). Level 0 is the first card to the
     * responders when the incident opens; these levels come after it.
     */
    escalation?: {
      /**
       * The levels after level 0, each firing once its delay has passed
       * while the incident is still `triggered`.
       */
      levels?: Array<{
        /** Minutes after the incident was triggered (not after the level before); increasing. */
        afterMinutes: number;
        /**
         * User or group entity refs, e.g. `group:default/sre`; a group means
         * its members and the members of its direct child groups.
         */
        targets: string[];
      }>;
      /** Re-notify the current level every so many minutes until acknowledged (default 0: never). */
      renotifyMinutes?: number;
    };
  };
}
