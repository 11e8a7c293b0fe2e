import { createApiRef } from '@backstage/core-plugin-api';
import type {
  WeComHealthReport,
  WeComIntegrationInput,
  WeComIntegrationView,
} from 'backstage-plugin-wecom-common';

/**
 * What the WeCom pages need from the `/api/wecom` backend. Integrations come
 * back as views: every secret is replaced by whether it is set.
 *
 * @public
 */
export interface WeComApi {
  /** Lists every integration, from app-config and from the database. */
  listIntegrations(): Promise<WeComIntegrationView[]>;
  /** Reads one integration; rejects with a `ResponseError` (404) if unknown. */
  getIntegration(id: string): Promise<WeComIntegrationView>;
  /** Stores a new integration made in the setup form. */
  createIntegration(
    input: WeComIntegrationInput,
  ): Promise<WeComIntegrationView>;
  /** Changes an integration; an omitted secret keeps its stored value. */
  updateIntegration(
    id: string,
    input: WeComIntegrationInput,
  ): Promise<WeComIntegrationView>;
  /** Deletes an integration made in the setup form. */
  deleteIntegration(id: string): Promise<void>;
  /** Runs the health check against WeCom and reports each step. */
  testIntegration(id: string): Promise<WeComHealthReport>;
}

/**
 * The reference to the {@link WeComApi}, shared by both frontend systems.
 *
 * @public
 */
export const wecomApiRef = createApiRef<WeComApi>({ id: 'plugin.wecom.api' });
