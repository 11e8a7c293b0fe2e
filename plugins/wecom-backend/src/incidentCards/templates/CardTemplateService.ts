import { InputError, NotFoundError } from '@backstage/errors';
import {
  WeComCardPreview,
  WeComCardTemplate,
  WeComIncident,
} from 'backstage-plugin-wecom-common';
import { IntegrationService } from '../../integrations/IntegrationService';
import { TemplateCardRenderer } from '../cards/TemplateCardRenderer';
import {
  CardTemplateEngine,
  describeTemplateError,
} from './CardTemplateEngine';
import { CardTemplateStore } from './CardTemplateStore';
import { DEFAULT_CARD_TEMPLATE } from './defaultTemplate';
import { normaliseEntityRef } from './entityRefs';
import { SAMPLE_INCIDENT, templateVariables } from './templateVariables';
import { PreviewInput, SaveTemplateInput } from './validation';

/** The task id of preview cards (never sent). */
const PREVIEW_TASK_ID = 'preview';

/** Manages card templates and previews them against real incidents. */
export class CardTemplateService {
  constructor(
    private readonly deps: {
      store: CardTemplateStore;
      integrations: Pick<IntegrationService, 'require'>;
      engine: CardTemplateEngine;
      renderer: TemplateCardRenderer;
    },
  ) {}

  /** The integration's templates, and the built-in one they fall back to. */
  async list(integrationId: string): Promise<{
    integrationId: string;
    items: WeComCardTemplate[];
    builtIn: { title: string; body: string };
  }> {
    const integration = await this.deps.integrations.require(integrationId);
    return {
      integrationId: integration.id,
      items: await this.deps.store.list(integration.id),
      builtIn: { ...DEFAULT_CARD_TEMPLATE },
    };
  }

  /** Saves a template after trying it on a sample incident. */
  async save(
    input: SaveTemplateInput,
    updatedBy?: string,
  ): Promise<WeComCardTemplate> {
    const integration = await this.deps.integrations.require(
      input.integrationId,
    );
    this.assertRenders(input);
    return this.deps.store.save({
      integrationId: integration.id,
      entityRef: input.entityRef
        ? normaliseEntityRef(input.entityRef)
        : undefined,
      title: input.title,
      body: input.body,
      updatedBy,
    });
  }

  async delete(integrationId: string, entityRef?: string): Promise<void> {
    const integration = await this.deps.integrations.require(integrationId);
    const ref = entityRef ? normaliseEntityRef(entityRef) : undefined;
    if (!(await this.deps.store.delete(integration.id, ref))) {
      throw new NotFoundError(
        ref
          ? `Integration ${integration.id} has no card template for ${ref}`
          : `Integration ${integration.id} has no default card template`,
      );
    }
  }

  /**
   * The card `incident` would get: with the unsaved title and body, or
   * with the template the named scope looks up (service, integration,
   * built-in).
   */
  async preview(
    input: PreviewInput,
    incident: WeComIncident,
  ): Promise<WeComCardPreview> {
    const integration = await this.deps.integrations.require(
      input.integrationId,
    );
    const template =
      input.title !== undefined && input.body !== undefined
        ? { title: input.title, body: input.body }
        : await this.deps.store.lookup(
            integration.id,
            input.entityRef ? normaliseEntityRef(input.entityRef) : undefined,
          );
    return this.deps.renderer.render({
      incident,
      taskId: PREVIEW_TASK_ID,
      integrationId: integration.id,
      template,
    });
  }

  /** Throws {@link InputError} for a template that does not compile or render. */
  private assertRenders(template: { title: string; body: string }): void {
    const variables = templateVariables(SAMPLE_INCIDENT, {
      url: 'https://backstage.example.com/wecom/incidents/sample',
      appTitle: 'Backstage',
    });
    const problems: string[] = [];
    for (const part of ['title', 'body'] as const) {
      try {
        this.deps.engine.render(template[part], variables);
      } catch (error) {
        problems.push(`${part}: ${describeTemplateError(error)}`);
      }
    }
    if (problems.length > 0) {
      throw new InputError(`Invalid template: ${problems.join('; ')}`);
    }
  }
}
