import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  WeComLinkedUser,
  WeComManualLinkInput,
} from 'backstage-plugin-wecom-common';
import { isWeComApiError } from '../connector';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComIntegration } from '../integrations/types';
import { WeComClientProvider } from '../integrations/WeComClientProvider';
import { CatalogUserDirectory } from './CatalogUserDirectory';
import { toLinkedUser } from './LinkedUsersService';
import { MEMBER_NOT_FOUND, NO_CONTACT_ACCESS } from './linkErrors';
import { LinkStore } from './LinkStore';
import { normaliseUserRef } from './userRef';

/** An admin links or unlinks one user by hand. */
export class ManualLinkService {
  constructor(
    private readonly deps: {
      directory: CatalogUserDirectory;
      links: LinkStore;
      integrations: IntegrationService;
      clients: WeComClientProvider;
    },
  ) {}

  /** Links a catalog user to a WeCom member WeCom knows. */
  async link(
    input: WeComManualLinkInput,
    linkedBy: string | undefined,
  ): Promise<WeComLinkedUser> {
    const { directory, links, integrations } = this.deps;
    const integration = await integrations.require(input.integrationId);
    const entityRef = normaliseUserRef(input.entityRef);
    const user = await directory.get(entityRef);
    if (!user) {
      throw new NotFoundError(`No User entity ${entityRef} in the catalog`);
    }
    await this.assertMemberExists(integration, input.wecomUserId);

    const outcome = await links.link({
      integrationId: integration.id,
      entityRef,
      wecomUserId: input.wecomUserId,
      source: 'manual',
      linkedBy,
    });
    if (outcome.status === 'memberTaken') {
      throw new ConflictError(
        `WeCom member ${input.wecomUserId} is already linked to ${outcome.heldBy}; unlink that user first`,
      );
    }
    return toLinkedUser(user, outcome.link);
  }

  /** Removes a user's link; 404 when there is none. */
  async unlink(integrationId: string, rawEntityRef: string): Promise<void> {
    const integration = await this.deps.integrations.require(integrationId);
    const entityRef = normaliseUserRef(rawEntityRef);
    if (!(await this.deps.links.unlink(integration.id, entityRef))) {
      throw new NotFoundError(
        `${entityRef} is not linked to a WeCom member in integration ${integration.id}`,
      );
    }
  }

  /**
   * Asks WeCom whether the member exists. An app that may not read contacts
   * cannot tell: the admin typed the id from the admin console, so trust it.
   */
  private async assertMemberExists(
    integration: WeComIntegration,
    wecomUserId: string,
  ) {
    const client = this.deps.clients.forIntegration(integration);
    try {
      await client.getUser(wecomUserId);
    } catch (error) {
      if (isWeComApiError(error, MEMBER_NOT_FOUND)) {
        throw new InputError(
          `WeCom has no member with userid "${wecomUserId}" (errcode ${error.errcode}). ${error.hint}`,
        );
      }
      if (isWeComApiError(error, NO_CONTACT_ACCESS)) {
        return;
      }
      throw new ServiceUnavailableError(
        `Could not check the WeCom member: ${(error as Error).message}`,
      );
    }
  }
}
