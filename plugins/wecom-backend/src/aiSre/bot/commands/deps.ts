import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { LinkedUserAccess } from '../../../access/LinkedUserAccess';
import { IntegrationService } from '../../../integrations/IntegrationService';
import { CatalogRecipientResolver } from '../../../recipients/CatalogRecipientResolver';
import { EscalationConfig } from '../../../escalation/config';
import { OnCallResolver } from '../../../oncall/OnCallResolver';

/** What the bot's commands need; `createBotCommands` takes it. */
export interface BotCommandDeps {
  /** The incident provider in use (status changes go through it). */
  provider: WeComIncidentProvider;
  /**
   * Who owns what and who is in which team (read with the plugin's own
   * credentials); a service the asker names is looked up with theirs.
   */
  catalog: CatalogService;
  auth: AuthService;
  /**
   * The asker's linked user and the permission policy's decisions for them
   * (firing needs `wecom.incident.read`, oncall `wecom.oncall.read`, start/close/snooze
   * `wecom.incident.update`, as the routes do).
   */
  access: LinkedUserAccess;
  /** The notifications' resolver: `oncall` shows who it would page. */
  resolver: Pick<CatalogRecipientResolver, 'resolve'>;
  /** Who is on call for an entity now: the answer of `oncall`. */
  onCall: Pick<OnCallResolver, 'resolve'>;
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
