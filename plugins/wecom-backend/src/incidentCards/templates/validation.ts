import { z } from 'zod';
import { integrationId } from '../../http/requestFields';

const entityRef = z.string().trim().min(1).max(255);
// Generous for a card that shows 36 + 160 characters: loops and
// conditionals take room, but a template is not a document.
const title = z.string().max(1000);
const body = z.string().max(8000);

/** `GET /templates?integration` */
export const listTemplatesQuerySchema = z.object({
  integration: integrationId,
});

/** `PUT /templates` (a WeComCardTemplate without its update stamps) */
export const saveTemplateSchema = z.object({
  integrationId,
  entityRef: entityRef.nullish(),
  title: title.refine(value => value.trim().length > 0, 'must not be empty'),
  body,
});

/** `DELETE /templates?integration&entityRef` */
export const deleteTemplateQuerySchema = z.object({
  integration: integrationId,
  entityRef: entityRef.optional(),
});

/**
 * `POST /templates/preview`: an unsaved title and body, or (without them)
 * the saved template the scope looks up, rendered for a real incident.
 */
export const previewSchema = z
  .object({
    integrationId,
    incidentId: z.string().trim().min(1).max(64),
    entityRef: entityRef.nullish(),
    title: title.optional(),
    body: body.optional(),
  })
  .refine(value => (value.title === undefined) === (value.body === undefined), {
    message:
      'give both title and body (an unsaved template) or neither (the saved one)',
    path: ['body'],
  });

export type SaveTemplateInput = z.output<typeof saveTemplateSchema>;
export type PreviewInput = z.output<typeof previewSchema>;
