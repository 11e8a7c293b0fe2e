import { WeComCardTemplate } from 'backstage-plugin-wecom-common';

/**
 * Card templates per integration: one default (no entity ref) and one per
 * service. Entity refs are stored normalised (see `normaliseEntityRef`).
 */
export interface CardTemplateStore {
  /** An integration's templates, its default first, then by entity ref. */
  list(integrationId: string): Promise<WeComCardTemplate[]>;
  /** The template of exactly this scope (no entity ref: the default). */
  get(
    integrationId: string,
    entityRef?: string,
  ): Promise<WeComCardTemplate | undefined>;
  /**
   * The template a card uses: the service's, else the integration's
   * default, else none (the built-in one applies).
   */
  lookup(
    integrationId: string,
    entityRef?: string,
  ): Promise<WeComCardTemplate | undefined>;
  /** Creates or replaces the template of the template's scope. */
  save(
    template: Omit<WeComCardTemplate, 'updatedAt'> & { updatedAt?: string },
  ): Promise<WeComCardTemplate>;
  /** False when there was none. */
  delete(integrationId: string, entityRef?: string): Promise<boolean>;
  /** Removes every template of a deleted integration. */
  deleteIntegration(integrationId: string): Promise<void>;
}
