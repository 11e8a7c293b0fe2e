import { useState } from 'react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  Alert,
  Button,
  Flex,
  Grid,
  Select,
  Text,
  TextAreaField,
  TextField,
} from '@backstage/ui';
import type {
  WeComCardPreview,
  WeComCardTemplate,
  WeComIncident,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { CardPreview } from '../CardPreview';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { templateErrorMessage } from '../../incidents/incidentErrors';
import { severityLabel, statusLabel } from '../../incidents/incidentLabels';
import { CARD_BODY_MAX_LINES } from '../templateVariables';
import { TemplateVariables } from './TemplateVariables';

/** Props of {@link CardTemplateEditor}. */
export interface CardTemplateEditorProps {
  integrationId: string;
  /**
   * Whose template this is: the integration default (undefined), a
   * service's, or a new service template whose entity ref is typed here.
   */
  scope:
    | { kind: 'default' }
    | { kind: 'service'; entityRef: string }
    | {
        kind: 'new';
      };
  /** The stored template of the scope, if there is one. */
  stored?: WeComCardTemplate;
  /** What a scope without a template starts from. */
  starter: { title: string; body: string };
  /** Incidents to preview against, newest first. */
  incidents: WeComIncident[];
  /** Opens with "Template saved" (a new template that was just saved). */
  announceSaved?: boolean;
  onSaved: (template: WeComCardTemplate) => Promise<void> | void;
  onDeleted: () => Promise<void> | void;
}

function serviceRef(text: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(text.trim(), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

function lineCount(body: string): number {
  return body === '' ? 0 : body.split('\n').length;
}

/**
 * Edits one card template: title and body (Handlebars), Save and Delete,
 * and a preview of the card an incident would get with the text as typed,
 * with the backend's warnings (truncation, fallback to the default).
 */
export const CardTemplateEditor = (props: CardTemplateEditorProps) => {
  const { integrationId, scope, stored, incidents } = props;
  const api = useApi(wecomApiRef);
  const [title, setTitle] = useState(stored?.title ?? props.starter.title);
  const [body, setBody] = useState(stored?.body ?? props.starter.body);
  const [service, setService] = useState('');
  const [incidentId, setIncidentId] = useState(incidents[0]?.id);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(Boolean(props.announceSaved));
  const [error, setError] = useState<unknown>();
  const [deleting, setDeleting] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const [preview, setPreview] = useState<WeComCardPreview>();
  const [previewError, setPreviewError] = useState<unknown>();

  let entityRef: string | undefined;
  let serviceError: string | undefined;
  if (scope.kind === 'service') entityRef = scope.entityRef;
  if (scope.kind === 'new' && service.trim()) {
    entityRef = serviceRef(service);
    if (!entityRef) {
      serviceError = `"${service.trim()}" is not an entity ref like component:default/payments-api.`;
    }
  }
  const canSave =
    title.trim() !== '' &&
    !serviceError &&
    (scope.kind !== 'new' || entityRef !== undefined);
  const lines = lineCount(body);

  const save = async () => {
    setSaving(true);
    setSaved(false);
    setError(undefined);
    try {
      const template = await api.saveCardTemplate({
        integrationId,
        ...(entityRef ? { entityRef } : {}),
        title,
        body,
      });
      await props.onSaved(template);
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const runPreview = async () => {
    if (!incidentId) return;
    setPreviewing(true);
    setPreviewError(undefined);
    try {
      setPreview(
        await api.previewCardTemplate({
          integrationId,
          ...(entityRef ? { entityRef } : {}),
          incidentId,
          title,
          body,
        }),
      );
    } catch (e) {
      setPreview(undefined);
      setPreviewError(e);
    } finally {
      setPreviewing(false);
    }
  };

  const fallsBackTo = entityRef
    ? "the integration's default template"
    : 'the built-in default template';

  return (
    <Grid.Root columns={{ initial: '1', md: '2' }} gap="6">
      <Flex direction="column" gap="4">
        {scope.kind === 'new' && (
          <TextField
            label="Service"
            description="The catalog entity whose incidents use this template, e.g. component:default/payments-api."
            value={service}
            onChange={setService}
            isRequired
            validationBehavior="aria"
            validate={() => serviceError}
          />
        )}
        {!stored && (
          <Text
            as="p"
            variant="body-small"
            color="secondary"
            style={{ margin: 0 }}
          >
            No template saved here: cards use {fallsBackTo}.
          </Text>
        )}
        <TextField
          label="Title"
          description="The card's main title (WeCom shows up to 36 characters)."
          value={title}
          onChange={value => {
            setTitle(value);
            setSaved(false);
          }}
          isRequired
        />
        <TextAreaField
          label="Body"
          description={`The card's text lines: ${lines} of ${CARD_BODY_MAX_LINES} shown${
            lines > CARD_BODY_MAX_LINES ? '; the rest is cut with …' : ''
          }.`}
          rows={CARD_BODY_MAX_LINES}
          value={body}
          onChange={value => {
            setBody(value);
            setSaved(false);
          }}
        />
        {error !== undefined && (
          <Alert
            status="danger"
            title="The template was not saved"
            description={templateErrorMessage(error)}
          />
        )}
        {saved && <Alert status="success" title="Template saved" />}
        <Flex gap="2">
          <Button
            variant="primary"
            onPress={save}
            isPending={saving}
            isDisabled={!canSave}
          >
            Save
          </Button>
          {stored && (
            <Button
              variant="secondary"
              destructive
              onPress={() => setDeleting(true)}
            >
              Delete
            </Button>
          )}
        </Flex>
        <TemplateVariables />
      </Flex>
      <Flex direction="column" gap="4">
        {incidents.length === 0 ? (
          <Text as="p" variant="body-medium" color="secondary">
            There is no incident to preview against yet.
          </Text>
        ) : (
          <Flex gap="2" align="end">
            <Select
              label="Incident"
              options={incidents.map(incident => ({
                id: incident.id,
                label: incident.title,
                description: [
                  severityLabel(incident.severity),
                  statusLabel(incident.status),
                  incident.entityRef,
                ]
                  .filter(Boolean)
                  .join(' · '),
              }))}
              value={incidentId}
              onChange={key => setIncidentId(String(key))}
              style={{ minWidth: 280 }}
            />
            <Button
              variant="secondary"
              onPress={runPreview}
              isPending={previewing}
              isDisabled={!incidentId || title.trim() === ''}
            >
              Preview
            </Button>
          </Flex>
        )}
        {previewError !== undefined && (
          <Alert
            status="danger"
            title="Could not preview the card"
            description={templateErrorMessage(previewError)}
          />
        )}
        {preview && <CardPreview preview={preview} />}
      </Flex>
      {deleting && stored && (
        <ConfirmDialog
          title={
            stored.entityRef
              ? `Delete the template of ${stored.entityRef}?`
              : 'Delete the default template?'
          }
          consequence={`Cards then use ${fallsBackTo}.`}
          confirmLabel="Delete"
          failureTitle="The template was not deleted"
          describeError={templateErrorMessage}
          onConfirm={async () => {
            await api.deleteCardTemplate({
              integrationId,
              ...(stored.entityRef ? { entityRef: stored.entityRef } : {}),
            });
            setDeleting(false);
            await props.onDeleted();
          }}
          onClose={() => setDeleting(false)}
        />
      )}
    </Grid.Root>
  );
};
