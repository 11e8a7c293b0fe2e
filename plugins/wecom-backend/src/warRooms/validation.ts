import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import { WAR_ROOM_NAME_MAX } from './WarRoomNamer';

const STATUSES = ['creating', 'active', 'dismissed'] as const;

/**
 * An entity ref in the catalog's lower-case form; with `kinds`, only those
 * kinds (a bare name is a user).
 */
function entityRef(kinds?: string[]) {
  return z
    .string()
    .trim()
    .min(1)
    .max(255)
    .transform((value, ctx) => {
      try {
        const ref = parseEntityRef(value, {
          defaultKind: kinds ? 'user' : undefined,
          defaultNamespace: 'default',
        });
        if (kinds && !kinds.includes(ref.kind.toLocaleLowerCase('en-US'))) {
          ctx.addIssue({
            code: 'custom',
            message: `must be a ${kinds.join(
              ' or ',
            )} entity ref, got "${value}"`,
          });
          return z.NEVER;
        }
        return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" is not an entity ref like user:default/zhangsan`,
        });
        return z.NEVER;
      }
    });
}

const people = z.array(entityRef(['user', 'group'])).max(100);

/** `POST /incidents/:id/war-room` */
export const warRoomCreateSchema = z.object({
  members: people.optional(),
  name: z.string().trim().min(1).max(WAR_ROOM_NAME_MAX).optional(),
});

/** `POST /incidents/:id/war-room/members` */
export const warRoomInviteSchema = z.object({
  members: people.min(1),
});

/** `GET /war-rooms?entityRef&status&limit`; status is `a,b` or repeated. */
export const warRoomQuerySchema = z.object({
  entityRef: entityRef().optional(),
  status: z.preprocess(value => {
    if (value === undefined || value === '') return undefined;
    const parts = Array.isArray(value) ? value : [value];
    return parts
      .flatMap(part => String(part).split(','))
      .map(part => part.trim())
      .filter(Boolean);
  }, z.array(z.enum(STATUSES)).optional()),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
