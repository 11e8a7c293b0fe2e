import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  WeComIncidentAnalyzer,
  WeComIncidentProvider,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { ConfinedIncidentContexts } from '../aiSre/IncidentContextBuilder';
import { IncidentService } from '../incidents/IncidentService';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComClientProvider } from '../integrations/WeComClientProvider';
import { LinkStore } from '../linking/LinkStore';
import { CatalogResponderDirectory } from '../recipients/CatalogResponderDirectory';
import { OnCallResponders } from '../recipients/types';
import { DatabaseWarRoomStore } from './DatabaseWarRoomStore';
import { WarRoomMembers } from './WarRoomMembers';
import { WarRoomMemberSync } from './WarRoomMemberSync';
import { WarRoomNamer } from './WarRoomNamer';
import { DefaultWarRoomService, WarRoomService } from './WarRoomService';

/**
 * Builds the War Room service and subscribes the member sync to the
 * incident provider, so active War Rooms invite new responders.
 */
export function createWarRoomServices(deps: {
  config: Config;
  logger: LoggerService;
  knex: Knex;
  catalog: CatalogService;
  auth: AuthService;
  integrations: IntegrationService;
  clients: WeComClientProvider;
  links: LinkStore;
  /** Who is on call: the responders of an incident that names none. */
  onCall: OnCallResponders;
  incidents: IncidentService;
  incidentProvider: WeComIncidentProvider;
  /** Writes the War Room's first analysis post. */
  analyzer: WeComIncidentAnalyzer;
  contexts: ConfinedIncidentContexts;
  /** The Backstage app, for links to incident pages. */
  appBaseUrl: string;
}): { warRooms: WarRoomService } {
  const logger = deps.logger.child({ area: 'war-rooms' });
  const warRooms = new DefaultWarRoomService({
    store: new DatabaseWarRoomStore(deps.knex),
    incidents: deps.incidents,
    integrations: deps.integrations,
    clients: deps.clients,
    members: new WarRoomMembers({
      directory: new CatalogResponderDirectory(deps.catalog, deps.auth),
      onCall: deps.onCall,
      links: deps.links,
    }),
    namer: new WarRoomNamer({
      template: deps.config.getOptionalString('wecom.warRoom.nameTemplate'),
      logger,
    }),
    analyzer: deps.analyzer,
    contexts: deps.contexts,
    appBaseUrl: deps.appBaseUrl,
    logger,
  });
  new WarRoomMemberSync({
    incidents: deps.incidentProvider,
    warRooms,
    logger,
  }).start();
  return { warRooms };
}
