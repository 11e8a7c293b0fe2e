import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ActionsServiceAction } from '@backstage/backend-plugin-api/alpha';
import {
  INCIDENT_ID,
  createActionsTestBed,
} from './__testUtils__/actionsTestBed';

type JSONSchema7 = ActionsServiceAction['schema']['input'];

/** Paths of schema properties that have no description, e.g. `members[]`. */
function undescribed(schema: JSONSchema7, path = ''): string[] {
  const missing: string[] = [];
  for (const [key, value] of Object.entries(schema.properties ?? {})) {
    const child = value as JSONSchema7;
    const at = path ? `${path}.${key}` : key;
    if (!child.description) missing.push(at);
    missing.push(...undescribed(child, at));
    if (child.items && typeof child.items === 'object') {
      missing.push(...undescribed(child.items as JSONSchema7, `${at}[]`));
    }
  }
  return missing;
}

describe('registerWeComActions', () => {
  it('offers the four incident and War Room actions with honest attributes', async () => {
    const { actionsRegistry } = createActionsTestBed();
    const { actions } = await actionsRegistry.list();

    expect(
      Object.fromEntries(actions.map(a => [a.name, a.attributes])),
    ).toEqual({
      'get-incident': { readOnly: true, idempotent: true, destructive: false },
      'transition-incident': {
        readOnly: false,
        idempotent: false,
        destructive: false,
      },
      'create-war-room': {
        readOnly: false,
        idempotent: true,
        destructive: false,
      },
      'dismiss-war-room': {
        readOnly: false,
        idempotent: true,
        destructive: true,
      },
    });
  });

  it('describes every input and output field for the agent', async () => {
    const { actionsRegistry } = createActionsTestBed();
    const { actions } = await actionsRegistry.list();

    for (const action of actions) {
      expect({
        action: action.name,
        missing: undescribed(action.schema.input),
      }).toEqual({ action: action.name, missing: [] });
      expect({
        action: action.name,
        missing: undescribed(action.schema.output),
      }).toEqual({ action: action.name, missing: [] });
    }
  });

  it.each([
    ['get-incident', { incidentId: INCIDENT_ID }, 'wecom.incident.read'],
    [
      'transition-incident',
      { incidentId: INCIDENT_ID, action: 'close' },
      'wecom.incident.update',
    ],
    ['create-war-room', { incidentId: INCIDENT_ID }, 'wecom.warRoom.manage'],
    ['dismiss-war-room', { incidentId: INCIDENT_ID }, 'wecom.warRoom.manage'],
  ])(
    '%s is refused without %p… permission and touches nothing',
    async (name, input, permission) => {
      const bed = createActionsTestBed({ decision: AuthorizeResult.DENY });

      await expect(bed.invoke(name, input)).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: `Missing permission ${permission}`,
      });
      expect(bed.askedPermissions()).toEqual([permission]);
      expect(bed.incidents.get).not.toHaveBeenCalled();
      expect(bed.incidents.transition).not.toHaveBeenCalled();
      expect(bed.warRooms.create).not.toHaveBeenCalled();
      expect(bed.warRooms.dismiss).not.toHaveBeenCalled();
    },
  );

  it.each(['create-war-room', 'dismiss-war-room'])(
    '%s also needs wecom.incident.read: the requester would read the incident in the group',
    async name => {
      const bed = createActionsTestBed({ denied: ['wecom.incident.read'] });

      await expect(
        bed.invoke(name, { incidentId: INCIDENT_ID }),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: 'Missing permission wecom.incident.read',
      });
      expect(bed.warRooms.create).not.toHaveBeenCalled();
      expect(bed.warRooms.dismiss).not.toHaveBeenCalled();
    },
  );

  it('asks the permission for the caller’s own credentials', async () => {
    const bed = createActionsTestBed();
    const credentials = mockCredentials.service('plugin:mcp-client');

    await bed.invoke('get-incident', { incidentId: INCIDENT_ID }, credentials);

    expect(bed.permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'wecom.incident.read' }),
        },
      ],
      { credentials },
    );
  });
});
