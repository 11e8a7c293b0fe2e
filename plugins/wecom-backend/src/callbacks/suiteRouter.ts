import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { RefusalLog } from './RefusalLog';
import { answerRefusal, bodyText, refusalHandler } from './router';
import { suiteRefusal } from './suiteRequest';
import { WeComSuiteConfig } from '../integrations/types';
import { SuiteCallbackService } from './SuiteCallbackService';
import { SuiteDataCallbackService } from './SuiteDataCallbackService';

/**
 * The third-party suite's two URLs: the instruction callback (suite_ticket,
 * create_auth, change_auth, cancel_auth), `GET|POST /suites/:suiteId/callback`,
 * and the data callback (the app's messages and events of every
 * authorizing corp, card clicks included), `GET|POST
 * /suites/:suiteId/data-callback`.
 */
export function createSuiteCallbackRouter(options: {
  suiteCallbacks: SuiteCallbackService;
  suiteDataCallbacks: SuiteDataCallbackService;
  refusals: RefusalLog;
  /** `wecom.suites`: a request to another suite id is refused unread. */
  suites: WeComSuiteConfig[];
  maxBodyBytes: number;
}): express.Router {
  const { suiteCallbacks, suiteDataCallbacks, refusals } = options;
  const router = Router();
  const body = express.text({ type: () => true, limit: options.maxBodyBytes });
  // Before the body is read: anyone can make a suite id up.
  const knownSuite = async (req: Request, res: Response) => {
    const refusal = suiteRefusal(options.suites, req.params.suiteId);
    if (!refusal) return 'next';
    answerRefusal(refusals, req, res, refusal);
    return undefined;
  };

  // Both URLs verify and receive the same way, each with its own service.
  const receivers: Array<
    [path: string, service: SuiteCallbackService | SuiteDataCallbackService]
  > = [
    ['callback', suiteCallbacks],
    ['data-callback', suiteDataCallbacks],
  ];
  for (const [path, service] of receivers) {
    router.get(`/suites/:suiteId/${path}`, async (req, res) => {
      res
        .type('text/plain')
        .send(await service.verifyUrl(req.params.suiteId, req.query));
    });
    router.post(
      `/suites/:suiteId/${path}`,
      knownSuite,
      body,
      async (req, res) => {
        res
          .type('text/plain')
          .send(
            await service.receive(req.params.suiteId, req.query, bodyText(req)),
          );
      },
    );
  }
  router.use('/suites/:suiteId', refusalHandler(refusals));
  return router;
}
