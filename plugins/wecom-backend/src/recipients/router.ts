import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { WeComUserPreferences } from 'backstage-plugin-wecom-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { withAuditEvent } from '../http/access';
import { PreferencesStore } from './PreferencesStore';
import { parseInput } from '../http/parseInput';

/** `PUT /preferences/me`: every setting given, nothing else. */
const preferencesSchema = z
  .object({ personalChannelEnabled: z.boolean() })
  .strict() satisfies z.ZodType<WeComUserPreferences>;

/**
 * A user's own notification settings. Only the signed-in user's: there is
 * no route to read or change anyone else's, so no permission is needed.
 */
export function createPreferencesRouter(options: {
  preferences: PreferencesStore;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
}): express.Router {
  const { preferences, httpAuth, auditor } = options;
  const router = Router();
  router.use('/preferences', express.json({ limit: '4kb' }));

  /** The signed-in user's entity ref; 401 without a user. */
  const signedInUser = async (req: Request) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    return credentials.principal.userEntityRef;
  };

  router.get('/preferences/me', async (req, res) => {
    res.json(await preferences.get(await signedInUser(req)));
  });

  router.put('/preferences/me', async (req, res) => {
    const user = await signedInUser(req);
    const input = parseInput(preferencesSchema, req.body, 'preferences');
    const saved = await withAuditEvent(
      auditor,
      {
        eventId: 'notification-preferences',
        request: req,
        meta: { entityRef: user, ...input },
      },
      () => preferences.set(user, input),
    );
    res.json(saved);
  });

  return router;
}
