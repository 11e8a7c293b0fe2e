import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { CallbackService } from './CallbackService';
import { RefusalLog, refusalKind } from './RefusalLog';
import { CallbackRefusal, RefusalAnswer } from './refusals';

/**
 * The two endpoints WeCom calls. Admins paste these paths into the WeCom
 * admin console, so they are part of the public contract.
 */
export function createCallbackRouter(options: {
  callbacks: CallbackService;
  refusals: RefusalLog;
  maxBodyBytes: number;
}): express.Router {
  const { callbacks, refusals } = options;
  const router = Router();
  // WeCom posts XML with assorted content types; read every body as text.
  const body = express.text({ type: () => true, limit: options.maxBodyBytes });
  // Before the body is read and anything decrypted: an id no integration
  // has (anyone can make one up) costs a cached lookup and a short answer.
  const knownIntegration = async (req: Request, res: Response) => {
    const refusal = await callbacks.integrationRefusal(req.params.id);
    if (!refusal) return 'next';
    answerRefusal(refusals, req, res, refusal);
    return undefined;
  };

  router.get(
    '/integrations/:id/callback',
    knownIntegration,
    async (req, res) => {
      const plain = await callbacks.verifyUrl(
        req.params.id,
        'callback',
        req.query,
      );
      res.type('text/plain').send(plain);
    },
  );

  router.post(
    '/integrations/:id/callback',
    knownIntegration,
    body,
    async (req, res) => {
      const answer = await callbacks.receiveAppCallback(
        req.params.id,
        req.query,
        bodyText(req),
      );
      res.type('text/plain').send(answer);
    },
  );

  router.get(
    '/integrations/:id/bot-callback',
    knownIntegration,
    async (req, res) => {
      const plain = await callbacks.verifyUrl(req.params.id, 'bot', req.query);
      res.type('text/plain').send(plain);
    },
  );

  router.post(
    '/integrations/:id/bot-callback',
    knownIntegration,
    body,
    async (req, res) => {
      const reply = await callbacks.receiveBotCallback(
        req.params.id,
        req.query,
        bodyText(req),
      );
      if (reply) res.json(reply);
      else res.status(200).type('text/plain').send('');
    },
  );

  router.use('/integrations/:id', refusalHandler(refusals));
  return router;
}

/**
 * Answers refusals here, not in the generic error handler, so WeCom (and
 * whoever probes these public paths) gets a 4xx with a plain reason, and
 * the log says why (throttled and counted by `RefusalLog`), without any
 * secret or body.
 */
export function refusalHandler(refusals: RefusalLog) {
  return (error: any, req: Request, res: Response, next: NextFunction) => {
    const refusal = toRefusal(error);
    if (!refusal) {
      next(error);
      return;
    }
    answerRefusal(refusals, req, res, refusal);
  };
}

/** Records a refusal and answers its status with its reason. */
export function answerRefusal(
  refusals: RefusalLog,
  req: Request,
  res: Response,
  refusal: RefusalAnswer,
) {
  const path = `${req.baseUrl}${req.path}`;
  refusals.record({
    kind: refusalKind(refusal.status),
    status: refusal.status,
    id: refusedId(path),
    describe: () =>
      `${req.method} ${path}: ${refusal.status} ${refusal.reason}`,
  });
  res.status(refusal.status).type('text/plain').send(refusal.reason);
}

/** The integration or suite id in a callback URL's path, as sent. */
function refusedId(path: string): string {
  return /\/(?:integrations|suites)\/([^/]*)/.exec(path)?.[1] ?? '';
}

export function bodyText(req: Request): string {
  return typeof req.body === 'string' ? req.body : '';
}

function toRefusal(error: any): RefusalAnswer | undefined {
  if (error instanceof CallbackRefusal) return error;
  // body-parser's own errors: too large, bad encoding, aborted.
  if (error?.type === 'entity.too.large') {
    return { status: 413, reason: 'Callback body is too large' };
  }
  if (typeof error?.status === 'number' && error.status < 500 && error.type) {
    return { status: error.status, reason: `Unreadable body (${error.type})` };
  }
  return undefined;
}
