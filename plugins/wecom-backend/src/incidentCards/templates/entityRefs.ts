import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * The form templates are stored and looked up under: `kind:namespace/name`
 * in lower case (the catalog compares refs case-insensitively), with the
 * default namespace filled in. Throws {@link InputError} for a ref without
 * a kind or name.
 */
export function normaliseEntityRef(ref: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), { defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch (error) {
    throw new InputError(
      `"${ref}" is not an entity ref like component:default/payments-api`,
    );
  }
}

/** {@link normaliseEntityRef}, or undefined for a missing or unreadable ref. */
export function tryNormaliseEntityRef(
  ref: string | undefined,
): string | undefined {
  if (!ref) return undefined;
  try {
    return normaliseEntityRef(ref);
  } catch {
    return undefined;
  }
}
