import {
  AuditorService,
  AuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { IncidentService } from '../incidents/IncidentService';
import { createActionAccess } from './actionAccess';
import { WarRoomService } from '../warRooms/WarRoomService';
import { createCreateWarRoomAction } from './createCreateWarRoomAction';
import { createDismissWarRoomAction } from './createDismissWarRoomAction';
import { createGetIncidentAction } from './createGetIncidentAction';
import { createTransitionIncidentAction } from './createTransitionIncidentAction';

/**
 * Registers the incident and War Room actions (`wecom:get-incident`,
 * `wecom:transition-incident`, `wecom:create-war-room`,
 * `wecom:dismiss-war-room`), which the mcp-actions backend offers to AI
 * agents once `backend.actions.pluginSources` lists `wecom`. Each checks the
 * same permission as its HTTP route.
 */
export function registerWeComActions(options: {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  auth: AuthService;
  auditor: AuditorService;
  incidents: Pick<IncidentService, 'get' | 'timeline' | 'transition'>;
  warRooms: Pick<WarRoomService, 'create' | 'dismiss'>;
}): void {
  const { actionsRegistry, incidents, warRooms } = options;
  const access = createActionAccess(options);
  createGetIncidentAction({ actionsRegistry, access, incidents });
  createTransitionIncidentAction({ actionsRegistry, access, incidents });
  createCreateWarRoomAction({ actionsRegistry, access, warRooms });
  createDismissWarRoomAction({ actionsRegistry, access, warRooms });
}
