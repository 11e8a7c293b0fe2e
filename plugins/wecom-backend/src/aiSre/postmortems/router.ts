import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  wecomIncidentReadPermission,
  wecomPostmortemManagePermission,
} from 'backstage-plugin-wecom-common';
import express, { ErrorRequestHandler } from 'express';
import Router from 'express-promise-router';
import { createAuthorizer, withAuditEvent } from '../../http/access';
import { PostmortemRateLimitedError } from './postmortemErrors';
import { PostmortemService } from './PostmortemService';
import { postmortemUpdateSchema } from './validation';
import { parseInput } from '../../http/parseInput';

const PATH = '/incidents/:id/postmortem';
// Above the 100 KB text limit: JSON may escape every character, and a
// text over the limit should get the 400 that says so, not a 413.
const BODY_LIMIT = '768kb';

/** Says when to retry; the plugin's error handler answers the 429 itself. */
const retryAfter: ErrorRequestHandler = (error, _req, res, next) => {
  if (error instanceof PostmortemRateLimitedError) {
    res.setHeader('Retry-After', String(error.retryAfterSeconds));
  }
  next(error);
};

/**
 * The post-mortem API of an incident; reading needs incident read,
 * generating, editing and posting need post-mortem manage.
 */
export function createPostmortemsRouter(options: {
  postmortems: PostmortemService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): express.Router {
  const { postmortems, auditor } = options;
  const router = Router();
  router.use(PATH, express.json({ limit: BODY_LIMIT }));
  const authorize = createAuthorizer(options);
  /**
   * Generating, editing and posting answer with the post-mortem, which
   * tells what happened in the incident: reading it must be allowed too.
   */
  const authorizeChange = async (req: express.Request) => {
    const allowed = await authorize(req, wecomPostmortemManagePermission);
    await authorize(req, wecomIncidentReadPermission);
    return allowed;
  };

  router.get(PATH, async (req, res) => {
    await authorize(req, wecomIncidentReadPermission);
    res.json(await postmortems.get(req.params.id));
  });

  router.post(PATH, async (req, res) => {
    const { userEntityRef, credentials } = await authorizeChange(req);
    const postmortem = await withAuditEvent(
      auditor,
      {
        eventId: 'postmortem',
        request: req,
        meta: { action: 'generate', incidentId: req.params.id },
      },
      () => postmortems.generate(req.params.id, userEntityRef, credentials),
      result => ({ analyzer: result.analyzer }),
    );
    res.json(postmortem);
  });

  router.put(PATH, async (req, res) => {
    const { userEntityRef } = await authorizeChange(req);
    const body = parseInput(postmortemUpdateSchema, req.body, 'post-mortem');
    const postmortem = await withAuditEvent(
      auditor,
      {
        eventId: 'postmortem',
        request: req,
        meta: {
          action: 'edit',
          incidentId: req.params.id,
          bytes: Buffer.byteLength(body.markdown, 'utf8'),
        },
      },
      () => postmortems.update(req.params.id, body.markdown, userEntityRef),
    );
    res.json(postmortem);
  });

  router.get(`${PATH}/markdown`, async (req, res) => {
    await authorize(req, wecomIncidentReadPermission);
    const file = await postmortems.file(req.params.id);
    res
      .status(200)
      .type('text/markdown; charset=utf-8')
      .setHeader(
        'Content-Disposition',
        `attachment; filename="${file.fileName}"`,
      )
      .send(file.markdown);
  });

  router.post(`${PATH}/post`, async (req, res) => {
    const { userEntityRef } = await authorizeChange(req);
    const result = await withAuditEvent(
      auditor,
      {
        eventId: 'postmortem',
        request: req,
        meta: { action: 'post', incidentId: req.params.id },
      },
      () => postmortems.postToWarRoom(req.params.id, userEntityRef),
      posted => ({ messages: posted.messages }),
    );
    res.json(result);
  });

  router.use(retryAfter);
  return router;
}
