import { WeComIntegration } from './types';

/** Integrations created through the setup form, with sealed secrets. */
export interface IntegrationStore {
  list(): Promise<WeComIntegration[]>;
  get(id: string): Promise<WeComIntegration | undefined>;
  /** Inserts; throws `ConflictError` when the id is taken. */
  create(integration: WeComIntegration): Promise<WeComIntegration>;
  update(integration: WeComIntegration): Promise<WeComIntegration>;
  /** Returns false when there was nothing to delete. */
  delete(id: string): Promise<boolean>;
}
