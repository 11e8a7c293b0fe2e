/**
 * The variables and helpers a card template can use, as the template
 * editor lists them. The backend's `templateVariables` is the source of
 * truth (every incident field plus ready-made words); keep these in step.
 */
export const TEMPLATE_VARIABLES: ReadonlyArray<{
  name: string;
  description: string;
}> = [
  { name: '{{title}}', description: 'The incident title' },
  {
    name: '{{severity}}',
    description: 'critical, high, warning or info; {{severityLabel}} in words',
  },
  {
    name: '{{status}}',
    description:
      'triggered, processing, snoozed or closed; {{statusLabel}} in words',
  },
  { name: '{{description}}', description: 'The description, if any' },
  {
    name: '{{entityRef}}',
    description:
      'The service, e.g. component:default/payments-api; {{entityName}} is its name',
  },
  { name: '{{fields.region}}', description: 'A key field of the incident' },
  { name: '{{labels.alertname}}', description: 'An Alertmanager label' },
  { name: '{{responders}}', description: 'The responders (entity refs)' },
  { name: '{{source}}', description: 'api, alertmanager or a provider name' },
  {
    name: '{{date createdAt}}',
    description:
      'When it opened; also updatedAt, acknowledgedAt, closedAt, snoozedUntil',
  },
  {
    name: '{{acknowledgedBy}}',
    description: 'Who started processing; {{closedBy}} who closed it',
  },
  { name: '{{url}}', description: 'The incident page in Backstage' },
  { name: '{{id}}', description: 'The incident id' },
  {
    name: '{{upper title}}',
    description: 'Helpers: upper, lower, date (with an optional luxon format)',
  },
  {
    name: '{{#if description}}…{{/if}}',
    description: 'Handlebars blocks: if, unless, each, with',
  },
];

/** How many lines of the body the card shows; more end with an ellipsis. */
export const CARD_BODY_MAX_LINES = 8;
