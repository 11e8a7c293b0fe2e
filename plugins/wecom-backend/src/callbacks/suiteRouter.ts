import { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { bodyText, refusalHandler } from './router';
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
  logger: LoggerService;
  maxBodyBytes: number;
}): express.Router {
  const { suiteCallbacks, suiteDataCallbacks, logger } = options;
  const router = Router();
  const body = express.text({ type: () => true, limit: options.maxBodyBytes });

  router.get('/suites/:suiteId/callback', async (req, res) => {
    res
      .type('text/plain')
      .send(await suiteCallbacks.verifyUrl(req.params.suiteId, req.query));
  });
  router.post('/suites/:suiteId/callback', body, async (req, res) => {
    res
      .type('text/plain')
      .send(
        await suiteCallbacks.receive(
          req.params.suiteId,
          req.query,
          bodyText(req),
        ),
      );
  });
  router.get('/suites/:suiteId/data-callback', async (req, res) => {
    res
      .type('text/plain')
      .send(await suiteDataCallbacks.verifyUrl(req.params.suiteId, req.query));
  });
  router.post('/suites/:suiteId/data-callback', body, async (req, res) => {
    res
      .type('text/plain')
      .send(
        await suiteDataCallbacks.receive(
          req.params.suiteId,
          req.query,
          bodyText(req),
        ),
      );
  });
  router.use('/suites/:suiteId', refusalHandler(logger));
  return router;
}
