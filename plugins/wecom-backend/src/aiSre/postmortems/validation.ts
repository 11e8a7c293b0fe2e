import { WECOM_POSTMORTEM_MAX_BYTES } from 'backstage-plugin-wecom-common';
import { z } from 'zod';

/** `PUT /incidents/:id/postmortem`: the whole text, at most 100 KB. */
export const postmortemUpdateSchema = z.object({
  markdown: z
    .string()
    .refine(text => text.trim() !== '', 'must not be empty')
    .superRefine((text, ctx) => {
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > WECOM_POSTMORTEM_MAX_BYTES) {
        ctx.addIssue({
          code: 'custom',
          message: `is ${bytes} bytes; at most ${WECOM_POSTMORTEM_MAX_BYTES} bytes (100 KB) are allowed`,
        });
      }
    }),
});
