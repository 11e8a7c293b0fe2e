import { LoggerService } from '@backstage/backend-plugin-api';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { CallbackService } from './CallbackService';
import { ThrottledWarnings } from './ThrottledWarnings';
import { CallbackRefusal } from './refusals';

/**
 * The two endpoints WeCom calls. Admins paste these paths into the WeCom
 * admin console, so they are part of the public contract.
 */
export function createCallbackRouter(options: {
  callbacks: CallbackService;
  logger: LoggerService;
  maxBodyBytes: number;
}): express.Router {
  const { callbacks, logger } = options;
  const router = Router();
  // WeCom posts XML with assorted content types; read every body as text.
  const body = express.text({ type: () => true, limit: options.maxBodyBytes });

  router.get('/integrations/:id/callback', async (req, res) => {
    const plain = await callbacks.verifyUrl(
      req.params.id,
      'callback',
      req.query,
    );
    res.type('text/plain').send(plain);
  });

  router.post('/integrations/:id/callback', body, async (req, res) => {
    const answer = await callbacks.receiveAppCallback(
      req.params.id,
      req.query,
      bodyText(req),
    );
    res.type('text/plain').send(answer);
  });

  router.get('/integrations/:id/bot-callback', async (req, res) => {
    const plain = await callbacks.verifyUrl(req.params.id, 'bot', req.query);
    res.type('text/plain').send(plain);
  });

  router.post('/integrations/:id/bot-callback', body, async (req, res) => {
    const reply = await callbacks.receiveBotCallback(
      req.params.id,
      req.query,
      bodyText(req),
    );
    if (reply) res.json(reply);
    else res.status(200).type('text/plain').send('');
  });

  router.use('/integrations/:id', refusalHandler(logger));
  return router;
}

/** How often a refusal is logged as a warning (per HTTP status). */
const REFUSAL_WARN_EVERY_MS = 60_000;

/**
 * Answers refusals here, not in the generic error handler, so WeCom (and
 * whoever probes these public paths) gets a 4xx with a plain reason and the
 * log says why, without any secret.
 */
export function refusalHandler(
  logger: LoggerService,
  now: () => number = Date.now,
) {
  // Anyone can post to these URLs: a warning per refusal would let a flood
  // of junk fill the log. One warning per status a minute (with how many
  // were refused since), the others at debug level.
  const warnings = new ThrottledWarnings(logger, REFUSAL_WARN_EVERY_MS, now);
  return (error: any, req: Request, res: Response, next: NextFunction) => {
    const refusal = toRefusal(error);
    if (!refusal) {
      next(error);
      return;
    }
    warnings.log(
      String(refusal.status),
      `Refused WeCom callback ${req.method} ${req.baseUrl}${req.path}: ${refusal.status} ${refusal.reason}`,
      heldBack =>
        ` (and ${heldBack} more ${refusal.status} refusals since the last warning)`,
    );
    res.status(refusal.status).type('text/plain').send(refusal.reason);
  };
}

export function bodyText(req: Request): string {
  return typeof req.body === 'string' ? req.body : '';
}

function toRefusal(error: any): CallbackRefusal | undefined {
  if (error instanceof CallbackRefusal) return error;
  // body-parser's own errors: too large, bad encoding, aborted.
  if (error?.type === 'entity.too.large') {
    return new CallbackRefusal(413, 'Callback body is too large');
  }
  if (typeof error?.status === 'number' && error.status < 500 && error.type) {
    return new CallbackRefusal(error.status, `Unreadable body (${error.type})`);
  }
  return undefined;
}
