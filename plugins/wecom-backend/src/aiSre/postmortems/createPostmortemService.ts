import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { WeComIncidentAnalyzer } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { IncidentService } from '../../incidents/IncidentService';
import { IntegrationService } from '../../integrations/IntegrationService';
import { WeComClientProvider } from '../../integrations/WeComClientProvider';
import { WarRoomService } from '../../warRooms/WarRoomService';
import { ConversationLog } from '../conversations/ConversationLog';
import { ConfinedIncidentContexts } from '../IncidentContextBuilder';
import { readPostmortemMinInterval } from './config';
import { DatabasePostmortemStore } from './DatabasePostmortemStore';
import {
  DefaultPostmortemService,
  PostmortemService,
} from './PostmortemService';

/** Builds the post-mortem service from the plugin's services and config. */
export function createPostmortemService(deps: {
  config: Config;
  logger: LoggerService;
  knex: Knex;
  incidents: IncidentService;
  contextBuilder: ConfinedIncidentContexts;
  conversations: ConversationLog;
  analyzer: WeComIncidentAnalyzer;
  warRooms: WarRoomService;
  integrations: IntegrationService;
  clients: WeComClientProvider;
  /** The Backstage app, whose links stay links in posts to the War Room. */
  appBaseUrl: string;
}): PostmortemService {
  return new DefaultPostmortemService({
    ...deps,
    store: new DatabasePostmortemStore(deps.knex),
    minInterval: readPostmortemMinInterval(deps.config),
    logger: deps.logger.child({ area: 'postmortems' }),
  });
}
