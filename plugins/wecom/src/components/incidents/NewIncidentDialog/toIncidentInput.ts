import type {
  WeComIncidentInput,
  WeComIncidentSeverity,
} from 'backstage-plugin-wecom-common';
import { completeEntityRef, parseMemberRefs } from '../../shared/memberRefs';

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
  const entityRef = entityText
    ? completeEntityRef(entityText, 'component')
    : undefined;
  if (entityText && !entityRef) {
    errors.entityRef = `"${entityText}" is not an entity ref like component:default/payments-api.`;
  }

  const checkedResponders = parseMemberRefs(values.responders);
  if (checkedResponders.error) errors.responders = checkedResponders.error;
  const responders = checkedResponders.refs ?? [];

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
