import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { IntegrationService } from '../../../integrations/IntegrationService';
import { LinkStore } from '../../../linking/LinkStore';
import { CatalogRecipientResolver } from '../../../notifications/routing/CatalogRecipientResolver';
import { EscalationConfig } from '../../../notifications/routing/config';

/** What the bot's commands need; `createBotCommands` takes it. */
export interface BotCommandDeps {
  /** The incident provider in use (status changes go through it). */
  provider: WeComIncidentProvider;
  /** Read with the plugin's own credentials: a chat message has no token. */
  catalog: CatalogService;
  auth: AuthService;
  /** Finds the asker's linked user when the context does not name one. */
  links: Pick<LinkStore, 'findByMember'>;
  /** The notifications' resolver: `oncall` shows who it would page. */
  resolver: Pick<CatalogRecipientResolver, 'resolve'>;
  /** `wecom.escalation` (readEscalationConfig). */
  escalation: EscalationConfig;
  /** With `notificationIntegration`: which integration sends the cards. */
  integrations: Pick<IntegrationService, 'list'>;
  /** `wecom.notifications.integration` (readNotificationIntegration). */
  notificationIntegration?: string;
  /** Records each status change (`incident-change`, via `wecom-bot`). */
  auditor: AuditorService;
  logger: LoggerService;
  /** The Backstage app, for links to incident pages. */
  appBaseUrl: string;
  /** Tests fix the time; everything else uses the wall clock. */
  now?: () => DateTime;
}
