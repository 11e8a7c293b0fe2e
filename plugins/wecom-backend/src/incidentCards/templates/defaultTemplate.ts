/**
 * The built-in card template: used when neither the service nor the
 * integration has one, and whenever a custom template fails to render.
 * It only reads variables every incident has, so it always renders.
 */
export const DEFAULT_CARD_TEMPLATE = {
  title: '{{title}}',
  body: '{{#if description}}{{description}}{{else}}No description 无描述{{/if}}',
} as const;
