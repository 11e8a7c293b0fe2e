import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * `user:default/jdoe` in its normal (lower-case) form, as links store it. A
 * bare `jdoe` means the default namespace; any other kind is refused.
 */
export function normaliseUserRef(entityRef: string): string {
  let ref;
  try {
    ref = parseEntityRef(entityRef, {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `Invalid entityRef "${entityRef}": ${(error as Error).message}`,
    );
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new InputError(
      `Invalid entityRef "${entityRef}": only User entities can be linked (e.g. user:default/jdoe)`,
    );
  }
  return stringifyEntityRef(ref);
}
