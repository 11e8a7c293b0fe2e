import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WeComCardPreview,
  WeComCardTemplate,
  WeComIncident,
} from 'backstage-plugin-wecom-common';
import { CardRenderer, TemplateCard } from '../contracts';
import {
  CardTemplateEngine,
  describeTemplateError,
} from '../templates/CardTemplateEngine';
import { CardTemplateStore } from '../templates/CardTemplateStore';
import { DEFAULT_CARD_TEMPLATE } from '../templates/defaultTemplate';
import { tryNormaliseEntityRef } from '../templates/entityRefs';
import { templateVariables } from '../templates/templateVariables';
import { buildCard } from './buildCard';

/** A card with how it was made. */
export type CardRendering = Omit<WeComCardPreview, 'card'> & {
  card: TemplateCard;
};

/** The title and body of a template, saved or not. */
export type TemplateSource = Pick<WeComCardTemplate, 'title' | 'body'> &
  Partial<Pick<WeComCardTemplate, 'integrationId' | 'entityRef'>>;

/**
 * {@link CardRenderer}: looks the template up (service, integration,
 * built-in), renders it with Handlebars, and builds a card within WeCom's
 * limits. A template that fails to render never stops a card: the built-in
 * template takes over, with a warning and a log line.
 */
export class TemplateCardRenderer implements CardRenderer {
  constructor(
    private readonly deps: {
      templates: Pick<CardTemplateStore, 'lookup'>;
      engine: CardTemplateEngine;
      appTitle: string;
      /**
       * The card's detail link to the incident (see incidentDetailUrl.ts):
       * through the integration's workspace sign-in when it is known.
       */
      incidentUrl: (incidentId: string, integrationId?: string) => string;
      logger: LoggerService;
    },
  ) {}

  async renderIncidentCard(input: {
    incident: WeComIncident;
    integrationId: string;
    taskId: string;
  }): Promise<CardRendering> {
    const template = await this.lookup(input.integrationId, input.incident);
    return this.render({ ...input, template });
  }

  async renderUpdatedCard(input: {
    incident: WeComIncident;
    integrationId: string;
    taskId: string;
    changedBy?: string;
  }): Promise<TemplateCard> {
    const template = await this.lookup(input.integrationId, input.incident);
    return this.render({ ...input, template }).card;
  }

  /**
   * Renders `template` (none: the built-in one) for `incident`. The preview
   * uses this directly to show saved and unsaved templates.
   */
  render(input: {
    incident: WeComIncident;
    taskId: string;
    /** The integration that sends the card (its sign-in opens the link). */
    integrationId?: string;
    template?: TemplateSource;
    changedBy?: string;
  }): CardRendering {
    const { incident, template } = input;
    const url = this.deps.incidentUrl(incident.id, input.integrationId);
    const variables = templateVariables(incident, {
      url,
      appTitle: this.deps.appTitle,
    });

    const warnings: string[] = [];
    let rendered = template && this.tryRender(template, variables, warnings);
    const templateUsed = rendered ? 'custom' : 'default';
    rendered ??= {
      title: this.deps.engine.render(DEFAULT_CARD_TEMPLATE.title, variables),
      body: this.deps.engine.render(DEFAULT_CARD_TEMPLATE.body, variables),
    };

    const built = buildCard({
      incident,
      taskId: input.taskId,
      title: oneLine(rendered.title) || oneLine(incident.title),
      body: rendered.body,
      appTitle: this.deps.appTitle,
      url,
      createdText: this.deps.engine.formatTime(incident.createdAt),
      changedBy: input.changedBy,
    });
    return {
      card: built.card,
      templateUsed,
      warnings: [...warnings, ...built.warnings],
    };
  }

  private async lookup(
    integrationId: string,
    incident: WeComIncident,
  ): Promise<WeComCardTemplate | undefined> {
    return this.deps.templates.lookup(
      integrationId,
      tryNormaliseEntityRef(incident.entityRef),
    );
  }

  /** The template's title and body, or undefined (and why) when it fails. */
  private tryRender(
    template: TemplateSource,
    variables: object,
    warnings: string[],
  ): { title: string; body: string } | undefined {
    const { engine } = this.deps;
    try {
      const title = engine.render(template.title, variables);
      const body = engine.render(template.body, variables);
      // A title of nothing would leave the card without a heading.
      if (!oneLine(title)) {
        warnings.push(
          'The template title rendered empty; the built-in template was used',
        );
        return undefined;
      }
      return { title, body };
    } catch (error) {
      const reason = describeTemplateError(error);
      warnings.push(
        `The template failed to render (${reason}); the built-in template was used`,
      );
      this.deps.logger.warn(
        `Card template ${describeScope(
          template,
        )} failed to render; sent the built-in template instead: ${reason}`,
      );
      return undefined;
    }
  }
}

/** The title is one line on the card. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function describeScope(template: TemplateSource): string {
  if (!template.integrationId) return '(unsaved)';
  return template.entityRef
    ? `of ${template.entityRef} in integration ${template.integrationId}`
    : `of integration ${template.integrationId}`;
}
