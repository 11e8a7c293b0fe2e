import { InputError } from '@backstage/errors';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComIntegration } from '../integrations/types';

/**
 * The integration a Linked Users request is about: the given id (404 when
 * unknown), or the only integration when none is given (400 naming the
 * choices when there are several, or none).
 */
export async function resolveIntegration(
  integrations: IntegrationService,
  id: string | undefined,
): Promise<WeComIntegration> {
  if (id) {
    return integrations.require(id);
  }
  const all = await integrations.list();
  if (all.length === 1) {
    return all[0];
  }
  if (all.length === 0) {
    throw new InputError(
      'No WeCom integration exists yet: set one up before linking users',
    );
  }
  throw new InputError(
    `Several WeCom integrations exist; say which one with the integration parameter: ${all
      .map(i => i.id)
      .join(', ')}`,
  );
}
