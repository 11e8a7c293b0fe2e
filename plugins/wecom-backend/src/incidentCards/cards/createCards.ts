import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { IANAZone } from 'luxon';
import { IntegrationService } from '../../integrations/IntegrationService';
import { CardTemplateEngine } from '../templates/CardTemplateEngine';
import { CardTemplateService } from '../templates/CardTemplateService';
import { CardTemplateStore } from '../templates/CardTemplateStore';
import { DatabaseCardTemplateStore } from '../templates/DatabaseCardTemplateStore';
import { DEFAULT_APP_TITLE } from './cardText';
import { incidentDetailUrl, incidentListUrl } from './incidentDetailUrl';
import { TemplateCardRenderer } from './TemplateCardRenderer';

/** The card renderer and the template service, from config. */
export function createCards(deps: {
  config: RootConfigService;
  /** This plugin's external base URL (discovery), where the workspace login lives. */
  wecomBaseUrl: string;
  knex: Knex;
  logger: LoggerService;
  integrations: IntegrationService;
}): {
  cards: TemplateCardRenderer;
  cardTemplates: CardTemplateService;
  /** The incident list, linked from digest messages sent through an integration. */
  incidentsUrl: (integrationId: string) => string;
} {
  const { config, integrations } = deps;
  const logger = deps.logger.child({ area: 'cards' });
  const timeZone = config.getOptionalString('wecom.cards.timeZone') ?? 'UTC';
  if (!IANAZone.isValidZone(timeZone)) {
    throw new Error(
      `wecom.cards.timeZone "${timeZone}" is not an IANA time zone such as Asia/Shanghai`,
    );
  }
  // Without app.baseUrl the app is served by the backend (app-backend).
  const appBaseUrl = (
    config.getOptionalString('app.baseUrl') ??
    config.getString('backend.baseUrl')
  ).replace(/\/+$/, '');

  // Card and digest links sign a linked member in on the way.
  const links = {
    appBaseUrl,
    wecomBaseUrl: deps.wecomBaseUrl.replace(/\/+$/, ''),
    workspaceLogin: config.has('wecom.secretsKey'),
  };
  const store = new DatabaseCardTemplateStore(deps.knex);
  const engine = new CardTemplateEngine({ timeZone });
  const cards = new TemplateCardRenderer({
    templates: store,
    engine,
    appTitle: config.getOptionalString('app.title') ?? DEFAULT_APP_TITLE,
    incidentUrl: incidentDetailUrl(links),
    logger,
  });
  const cardTemplates = new CardTemplateService({
    store,
    integrations,
    engine,
    renderer: cards,
  });
  forgetTemplatesOfDeletedIntegrations({ integrations, store, logger });
  return {
    cards,
    cardTemplates,
    incidentsUrl: incidentListUrl(links),
  };
}

/** `onChange` reports creates, updates and deletes: an id gone was deleted. */
function forgetTemplatesOfDeletedIntegrations(deps: {
  integrations: IntegrationService;
  store: CardTemplateStore;
  logger: LoggerService;
}): void {
  const { integrations, store, logger } = deps;
  integrations.onChange(id => {
    const forget = async () => {
      if (await integrations.get(id)) return;
      await store.deleteIntegration(id);
    };
    forget().catch(error =>
      logger.warn(
        `Could not remove the card templates of deleted integration ${id}: ${error}`,
      ),
    );
  });
}
