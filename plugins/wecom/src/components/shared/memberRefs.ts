import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** Entity refs typed into a form, checked; or why one of them is wrong. */
export type MemberRefs =
  | { refs: string[]; error?: undefined }
  | { refs?: undefined; error: string };

/** A full entity ref for what was typed, or undefined if it is none. */
export function completeEntityRef(
  value: string,
  defaultKind: string,
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Users and groups separated by commas or spaces, as the responder and War
 * Room fields take them. Short refs are completed the way the catalog does
 * (`zhangsan` is `user:default/zhangsan`) so the backend always gets full
 * refs; duplicates are dropped.
 */
export function parseMemberRefs(text: string): MemberRefs {
  const refs: string[] = [];
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const ref = completeEntityRef(part, 'user');
    const kind = ref?.split(':')[0];
    if (!ref || (kind !== 'user' && kind !== 'group')) {
      return {
        error: `"${part}" is not a user or group, like user:default/zhangsan or group:default/payments-team.`,
      };
    }
    if (!refs.includes(ref)) refs.push(ref);
  }
  return { refs };
}

// Three short forms of a ref, for three places: choose by what the reader
// needs to tell apart.

/**
 * The kind kept, the default namespace dropped, where users and groups
 * sit side by side: `group:default/sre` → `group:sre`;
 * `user:platform/wangwu` stays as it is.
 */
export function refWithoutDefaultNamespace(ref: string): string {
  return ref.replace(/^([^:]+):default\//, '$1:');
}

/**
 * The kind and the default namespace dropped, where the kind goes without
 * saying (a chart of teams): `group:default/sre` → `sre`,
 * `group:platform/sre` → `platform/sre`; a ref that does not parse stays.
 */
export function refWithoutKind(ref: string): string {
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}

/** The name part of an entity ref (`user:default/zhangsan` → `zhangsan`). */
export function entityRefName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}
