import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Shown in the action list of /create/actions; each one is run in the tests. */
export const examples: TemplateExample[] = [
  {
    description:
      "Creates the War Room of an incident with its responders (the incident's explicit responders, else its entity's owners).",
    example: `
steps:
  - id: war-room
    name: Create the War Room
    action: wecom:war-room:create
    input:
      incidentId: 5f0c1d2e-8a7b-4c3d-9e1f-2a3b4c5d6e7f
`,
  },
  {
    description:
      'Creates the War Room with a team and a colleague on top of the responders.',
    example: `
steps:
  - id: war-room
    name: Create the War Room
    action: wecom:war-room:create
    input:
      incidentId: 5f0c1d2e-8a7b-4c3d-9e1f-2a3b4c5d6e7f
      members:
        - group:default/sre
        - user:default/lisi
`,
  },
  {
    description:
      'Creates the War Room under a name of your own instead of the one from wecom.warRoom.nameTemplate.',
    example: `
steps:
  - id: war-room
    name: Create the War Room
    action: wecom:war-room:create
    input:
      incidentId: 5f0c1d2e-8a7b-4c3d-9e1f-2a3b4c5d6e7f
      name: Payments checkout outage
`,
  },
];
