import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  WeComIncidentInput,
  WeComIncidentSeverity,
} from 'backstage-plugin-wecom-common';

/** What the New incident form holds, as typed. */
export interface NewIncidentValues {
  title: string;
  severity: WeComIncidentSeverity;
  description: string;
  entityRef: string;
  /** Entity refs separated by commas or spaces. */
  responders: string;
}

export type NewIncidentErrors = Partial<
  Record<'title' | 'entityRef' | 'responders', string>
>;

export const emptyNewIncident: NewIncidentValues = {
  title: '',
  severity: 'high',
  description: '',
  entityRef: '',
  responders: '',
};

function fullRef(value: string, defaultKind: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Checks the form and builds the `POST /incidents` body. Short refs are
 * completed the way the catalog does (`payments-api` is
 * `component:default/payments-api`, `zhangsan` is `user:default/zhangsan`),
 * so the backend always gets full entity refs.
 */
export function toIncidentInput(
  values: NewIncidentValues,
):
  | { input: WeComIncidentInput; errors?: undefined }
  | { input?: undefined; errors: NewIncidentErrors } {
  const errors: NewIncidentErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = 'Give the incident a title.';

  const entityText = values.entityRef.trim();
  const entityRef = entityText ? fullRef(entityText, 'component') : undefined;
  if (entityText && !entityRef) {
    errors.entityRef = `"${entityText}" is not an entity ref like component:default/payments-api.`;
  }

  const responders: string[] = [];
  for (const text of values.responders.split(/[\s,]+/).filter(Boolean)) {
    const ref = fullRef(text, 'user');
    const kind = ref?.split(':')[0];
    if (!ref || (kind !== 'user' && kind !== 'group')) {
      errors.responders = `"${text}" is not a user or group, like user:default/zhangsan or group:default/payments-team.`;
      break;
    }
    if (!responders.includes(ref)) responders.push(ref);
  }

  if (Object.keys(errors).length > 0) return { errors };
  const description = values.description.trim();
  return {
    input: {
      title,
      severity: values.severity,
      ...(description ? { description } : {}),
      ...(entityRef ? { entityRef } : {}),
      ...(responders.length ? { responders } : {}),
    },
  };
}
