import { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { bodyText, refusalHandler } from './router';
import { SuiteCallbackService } from './SuiteCallbackService';

/**
 * The third-party suite's instruction callback (suite_ticket, create_auth,
 * cancel_auth): `GET|POST /suites/:suiteId/callback`.
 */
export function createSuiteCallbackRouter(options: {
  suiteCallbacks: SuiteCallbackService;
  logger: LoggerService;
  maxBodyBytes: number;
}): express.Router {
  const { suiteCallbacks, logger } = options;
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
  router.use('/suites/:suiteId', refusalHandler(logger));
  return router;
}
