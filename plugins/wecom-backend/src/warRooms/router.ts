import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { serializeError } from '@backstage/errors';
import {
  wecomIncidentReadPermission,
  wecomWarRoomManagePermission,
} from 'backstage-plugin-wecom-common';
import express, { ErrorRequestHandler } from 'express';
import Router from 'express-promise-router';
import { createAuthorizer, withAuditEvent } from '../http/access';
import { WarRoomUpstreamError } from './warRoomErrors';
import { WarRoomService } from './WarRoomService';
import {
  warRoomCreateSchema,
  warRoomInviteSchema,
  warRoomQuerySchema,
} from './validation';
import { parseInput } from '../http/parseInput';

/**
 * WeCom (or the analysis) failing part-way is a 502, in the shape of
 * Backstage's own error answers; every other error goes on to its handler.
 */
const upstreamErrors: ErrorRequestHandler = (error, req, res, next) => {
  if (!(error instanceof WarRoomUpstreamError)) {
    next(error);
    return;
  }
  res.status(502).json({
    error: serializeError(error),
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode: 502 },
  });
};

/**
 * The War Room API; reading needs incident read, changing needs War Room
 * manage and incident read.
 */
export function createWarRoomsRouter(options: {
  warRooms: WarRoomService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): express.Router {
  const { warRooms, auditor } = options;
  const router = Router();
  router.use('/incidents/:id/war-room', express.json({ limit: '64kb' }));
  const authorize = createAuthorizer(options);
  /**
   * A change puts its requester in a group chat whose name and first post
   * carry the incident: it reads the incident too. Asked before any lookup,
   * so a refusal tells nothing of which incidents exist.
   */
  const authorizeChange = async (req: express.Request) => {
    const allowed = await authorize(req, wecomWarRoomManagePermission);
    await authorize(req, wecomIncidentReadPermission);
    return allowed;
  };

  router.get('/incidents/:id/war-room', async (req, res) => {
    await authorize(req, wecomIncidentReadPermission);
    res.json(await warRooms.get(req.params.id));
  });

  router.post('/incidents/:id/war-room', async (req, res) => {
    const { userEntityRef } = await authorizeChange(req);
    const body = parseInput(warRoomCreateSchema, req.body, 'War Room');
    const { warRoom, created } = await withAuditEvent(
      auditor,
      {
        eventId: 'war-room',
        request: req,
        meta: {
          action: 'create',
          incidentId: req.params.id,
          members: body.members ?? [],
        },
      },
      () => warRooms.create(req.params.id, body, userEntityRef),
      result => ({
        chatId: result.warRoom.chatId,
        created: result.created,
        status: result.warRoom.status,
      }),
    );
    res.status(created ? 201 : 200).json(warRoom);
  });

  router.post('/incidents/:id/war-room/members', async (req, res) => {
    const { userEntityRef } = await authorizeChange(req);
    const body = parseInput(warRoomInviteSchema, req.body, 'invitation');
    const warRoom = await withAuditEvent(
      auditor,
      {
        eventId: 'war-room',
        request: req,
        meta: {
          action: 'invite',
          incidentId: req.params.id,
          members: body.members,
        },
      },
      () => warRooms.invite(req.params.id, body.members, userEntityRef),
    );
    res.json(warRoom);
  });

  router.delete('/incidents/:id/war-room', async (req, res) => {
    const { userEntityRef } = await authorizeChange(req);
    const warRoom = await withAuditEvent(
      auditor,
      {
        eventId: 'war-room',
        request: req,
        meta: { action: 'dismiss', incidentId: req.params.id },
      },
      () => warRooms.dismiss(req.params.id, userEntityRef),
    );
    res.json(warRoom);
  });

  router.get('/war-rooms/availability', async (req, res) => {
    await authorize(req, wecomIncidentReadPermission);
    res.json(await warRooms.availability());
  });

  router.get('/war-rooms', async (req, res) => {
    await authorize(req, wecomIncidentReadPermission);
    const query = parseInput(warRoomQuerySchema, req.query, 'query');
    res.json({ items: await warRooms.list(query) });
  });

  router.use(upstreamErrors);
  return router;
}
