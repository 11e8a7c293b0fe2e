import express, {
  type NextFunction,
  type Request,
  type Response,
  Router,
} from 'express';
import { z } from 'zod';
import { CallbackDeliveryError } from './client/http';
import type { WeComEmulator } from './emulator';

const corpRef = { corpId: z.string().optional() };
const userSchema = z.object({
  ...corpRef,
  userid: z.string().min(1),
  name: z.string().min(1),
  mobile: z.string().optional(),
  email: z.string().optional(),
  bizMail: z.string().optional(),
  department: z.array(z.number().int()).optional(),
});
const faultSchema = z.object({
  api: z.string().min(1),
  errcode: z.number().int(),
  times: z.number().int().positive().optional(),
  errmsg: z.string().optional(),
  httpStatus: z.number().int().min(100).max(599).optional(),
});
const clickSchema = z.object({
  ...corpRef,
  agentId: z.number().int().optional(),
  userid: z.string().min(1),
  taskId: z.string().min(1),
  eventKey: z.string().min(1),
  selectedItems: z
    .array(
      z.object({ questionKey: z.string(), optionIds: z.array(z.string()) }),
    )
    .optional(),
});
const botMessageSchema = z.object({
  botId: z.string().optional(),
  from: z.string().min(1),
  chattype: z.enum(['single', 'group']).optional(),
  chatid: z.string().optional(),
  msgtype: z.enum(['text', 'image', 'mixed', 'voice', 'file']).optional(),
  text: z.string().optional(),
  imageUrl: z.string().optional(),
  fileUrl: z.string().optional(),
  mixedItems: z.array(z.unknown()).optional(),
  quote: z.unknown().optional(),
});

const botWsMessageSchema = botMessageSchema.extend({
  aeskey: z.string().optional(),
  msgid: z.string().min(1).optional(),
});
const botWsEventSchema = z.object({
  botId: z.string().optional(),
  from: z.string().min(1),
  eventtype: z.string().min(1).optional(),
  chatid: z.string().optional(),
  msgid: z.string().min(1).optional(),
});

/**
 * The control API under `/_emulator`: JSON mirrors of the emulator's methods
 * for the dev UI, e2e tests and benchmarks running it as a separate process.
 */
export function controlRoutes(emulator: WeComEmulator): Router {
  const router = Router();
  router.use(express.json({ limit: '20mb' }));
  const post = (path: string, handle: (body: unknown) => unknown) =>
    router.post(
      path,
      run(req => handle(req.body ?? {})),
    );

  router.get(
    '/state',
    run(req => {
      const limit = queryString(req.query.limit);
      return emulator.summary({ limit: limit ? Number(limit) : undefined });
    }),
  );
  post('/reset', () => {
    emulator.reset();
    return { ok: true };
  });
  post('/clock/advance', body => {
    const { seconds } = z.object({ seconds: z.number() }).parse(body);
    emulator.advanceClock(seconds);
    return { now: emulator.now().toISO() };
  });

  router.get(
    '/faults',
    run(() => emulator.state.faults.pending()),
  );
  post('/faults', body => {
    emulator.injectFault(faultSchema.parse(body));
    return { pending: emulator.state.faults.pending() };
  });
  router.delete(
    '/faults',
    run(() => {
      emulator.clearFaults();
      return { pending: [] };
    }),
  );

  const latency = () => ({
    delays: emulator.state.latency.all(),
    waiting: emulator.state.latency.waiting(),
  });
  router.get('/latency', run(latency));
  post('/latency', body => {
    const { api, ms } = z
      .object({ api: z.string().min(1), ms: z.number().int().min(0) })
      .parse(body);
    emulator.state.latency.set(api, ms);
    return latency();
  });

  post('/tokens/expire', body => ({
    expired: emulator.expireTokens(z.object(corpRef).parse(body).corpId),
  }));

  post('/users', body => {
    const { corpId, ...user } = userSchema.parse(body);
    emulator.upsertUser(user, corpId);
    return { ok: true };
  });
  router.delete(
    '/users/:userid',
    run(req => ({
      removed: emulator.removeUser(
        req.params.userid,
        queryString(req.query.corpId),
      ),
    })),
  );

  post('/oauth/current-user', body => {
    const { corpId, userid } = z
      .object({ ...corpRef, userid: z.string().min(1) })
      .parse(body);
    emulator.setCurrentUser(userid, corpId);
    return { ok: true };
  });
  post('/oauth/code', body => {
    const { corpId, userid } = z
      .object({ ...corpRef, userid: z.string().optional() })
      .parse(body);
    return { code: emulator.issueOAuthCode(userid, corpId) };
  });
  post('/suites/auth-code', body => ({
    authCode: emulator.issueSuiteAuthCode(
      z.object({ suiteId: z.string() }).parse(body).suiteId,
    ),
  }));
  post('/suites/ticket', body =>
    emulator.pushSuiteTicket(
      z.object({ suiteId: z.string() }).parse(body).suiteId,
    ),
  );
  post('/suites/create-auth', body =>
    emulator.pushCreateAuth(
      z.object({ suiteId: z.string() }).parse(body).suiteId,
    ),
  );

  post('/cards/click', body => emulator.clickCard(clickSchema.parse(body)));
  post('/callbacks/verify', body => {
    const { corpId, agentId } = z
      .object({ ...corpRef, agentId: z.number().int().optional() })
      .parse(body);
    return emulator.verifyCallbackUrl(corpId, agentId);
  });
  post('/app/message', body =>
    emulator.sendAppMessage(
      z
        .object({
          ...corpRef,
          agentId: z.number().int().optional(),
          from: z.string().min(1),
          content: z.string(),
        })
        .parse(body),
    ),
  );
  post('/bot/message', body =>
    emulator.sendBotMessage(botMessageSchema.parse(body)),
  );
  post('/bot/event', body =>
    emulator.sendBotEvent(botWsEventSchema.parse(body)),
  );
  // The long connection: pushed on the bot's WebSocket, answered there.
  post('/bot/ws/message', body =>
    emulator.sendBotWsMessage(botWsMessageSchema.parse(body)),
  );
  post('/bot/ws/event', body =>
    emulator.sendBotWsEvent(botWsEventSchema.parse(body)),
  );
  post('/bot/stream/refresh', body =>
    emulator.refreshBotStream(
      z.object({ streamId: z.string() }).parse(body).streamId,
    ),
  );

  post('/media', body => {
    const { base64, botId, longConnection } = z
      .object({
        base64: z.string(),
        botId: z.string().optional(),
        longConnection: z.boolean().optional(),
      })
      .parse(body);
    const bytes = Buffer.from(base64, 'base64');
    // The long connection's media carry a key of their own (`aeskey`).
    if (longConnection) return emulator.hostLongConnectionMedia(bytes);
    return { url: emulator.hostMedia(bytes, botId) };
  });
  router.get('/media/:id', (req, res) => {
    const bytes = emulator.state.bot.media.get(req.params.id);
    if (!bytes) {
      res.status(404).end();
      return;
    }
    res.type('application/octet-stream').send(bytes);
  });

  router.get(
    '/messages',
    run(req => {
      const userid = queryString(req.query.userid);
      if (!userid) throw new Error('userid is required');
      return emulator.messagesTo(userid, queryString(req.query.corpId));
    }),
  );
  router.get(
    '/cards/:taskId',
    run(req => {
      const card = emulator.card(
        req.params.taskId,
        queryString(req.query.corpId),
      );
      if (!card) throw new Error(`No card with task_id ${req.params.taskId}`);
      return { ...card, recipients: [...card.recipients.values()] };
    }),
  );
  router.get(
    '/chats',
    run(() => emulator.state.chats.all()),
  );
  router.get(
    '/bot',
    run(() => ({
      exchanges: emulator.state.bot.exchanges,
      streams: [...emulator.state.bot.streams.values()],
      activeReplies: emulator.state.bot.activeReplies,
      wsConnections: emulator.state.bot.wsConnections,
      wsPushes: emulator.state.bot.wsPushes,
      wsReplies: emulator.state.bot.wsReplies,
      wsStreams: [...emulator.state.bot.wsStreams.values()],
    })),
  );
  router.get(
    '/calls',
    run(req => {
      const limit = Number(queryString(req.query.limit) ?? 100);
      return {
        total: emulator.state.callLog.total,
        byApi: emulator.callCounts(),
        recent: emulator.state.callLog.entries().slice(-Math.max(0, limit)),
      };
    }),
  );

  return router;
}

/**
 * Runs a control handler: the result is the JSON body; invalid input answers
 * 400, a failed callback delivery 502, both with `{ error }`.
 */
function run(handle: (req: Request) => unknown) {
  return async (req: Request, res: Response, _next: NextFunction) => {
    try {
      res.json(await handle(req));
    } catch (error) {
      const message =
        error instanceof z.ZodError
          ? error.issues
              .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
              .join('; ')
          : (error as Error).message;
      const status = error instanceof CallbackDeliveryError ? 502 : 400;
      res.status(status).json({ error: message });
    }
  };
}

function queryString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
