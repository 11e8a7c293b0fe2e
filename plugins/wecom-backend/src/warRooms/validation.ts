import { WECOM_WAR_ROOM_STATUSES } from 'backstage-plugin-wecom-common';
import { z } from 'zod';
import { commaList, entityRef, personRef } from '../http/requestFields';
import { WAR_ROOM_NAME_MAX } from './WarRoomNamer';

const people = z.array(personRef()).max(100);

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
  status: commaList(WECOM_WAR_ROOM_STATUSES),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
