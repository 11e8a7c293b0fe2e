import { z } from 'zod';
import { integrationId, printable } from '../http/requestFields';

// Links keep the entity ref as given (not normalised like requestFields' entityRef()).
const entityRef = printable('entityRef').pipe(z.string().max(255));

/** `GET /linked-users?integration&filter&q&offset&limit` */
export const linkedUsersQuerySchema = z.object({
  integration: integrationId.optional(),
  filter: z.enum(['all', 'linked', 'unlinked']).default('all'),
  q: z.string().trim().max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** `POST /linked-users/links` */
export const manualLinkSchema = z.object({
  integrationId,
  entityRef,
  // WeCom userids are at most 64 characters (letters, digits, _-@.).
  wecomUserId: printable('wecomUserId').pipe(z.string().max(64)),
});

/** `DELETE /linked-users/links?integration&entityRef` */
export const unlinkQuerySchema = z.object({
  integration: integrationId,
  entityRef,
});

/** `POST /linked-users/one-click-link` */
export const startRunSchema = z.object({ integrationId });

/** `GET /linked-users/one-click-link?integration` */
export const latestRunQuerySchema = z.object({
  integration: integrationId.optional(),
});
