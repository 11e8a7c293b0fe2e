import { ConflictError } from '@backstage/errors';
import { WarRoomUpstreamError } from '../warRooms/warRoomErrors';
import {
  INCIDENT_ID,
  ME,
  aWarRoom,
  createActionsTestBed,
} from './__testUtils__/actionsTestBed';

describe('create-war-room', () => {
  it('opens the War Room as the calling user and answers what an agent needs', async () => {
    const bed = createActionsTestBed();

    const output = await bed.invoke('create-war-room', {
      incidentId: INCIDENT_ID,
    });

    expect(output).toEqual({
      incidentId: INCIDENT_ID,
      chatId: 'wr0123456789abcdef0123456789abcd',
      name: '[CRITICAL] #3F1C9A52 Payments API 5xx above 5%',
      status: 'active',
      members: [
        { entityRef: ME, role: 'requester' },
        { entityRef: 'user:default/lisi', role: 'responder' },
      ],
      notLinked: ['user:default/newhire'],
      pendingSteps: [],
      created: true,
    });
    expect(bed.warRooms.create).toHaveBeenCalledWith(INCIDENT_ID, {}, ME);
    expect(bed.auditEvents()).toEqual([
      {
        eventId: 'war-room',
        meta: {
          action: 'create',
          incidentId: INCIDENT_ID,
          members: [],
          via: 'action',
          caller: ME,
        },
      },
    ]);
  });

  it('says when the War Room already existed, and why one stopped part-way', async () => {
    const bed = createActionsTestBed();
    bed.warRooms.create.mockResolvedValue({
      warRoom: aWarRoom({
        status: 'creating',
        pendingSteps: ['postSummary', 'postAnalysis'],
        lastError: 'postSummary failed: WeCom errcode 86001',
      }),
      created: false,
    });

    const output = await bed.invoke('create-war-room', {
      incidentId: INCIDENT_ID,
    });

    expect(output).toMatchObject({
      status: 'creating',
      pendingSteps: ['postSummary', 'postAnalysis'],
      lastError: 'postSummary failed: WeCom errcode 86001',
      created: false,
    });
  });

  it('passes extra members as full entity refs, and the name', async () => {
    const bed = createActionsTestBed();

    await bed.invoke('create-war-room', {
      incidentId: INCIDENT_ID,
      members: ['lisi', 'Group:default/SRE', 'user:ops/WangWu'],
      name: 'Payments down',
    });

    expect(bed.warRooms.create).toHaveBeenCalledWith(
      INCIDENT_ID,
      {
        members: ['user:default/lisi', 'group:default/sre', 'user:ops/wangwu'],
        name: 'Payments down',
      },
      ME,
    );
  });

  it.each([
    [
      ['component:default/payments-api'],
      'members.0: must be a user or group entity ref',
    ],
    [['lisi', 'user:'], 'members.1: "user:" is not an entity ref'],
  ])('refuses the member %p', async (members, reason) => {
    const bed = createActionsTestBed();

    await expect(
      bed.invoke('create-war-room', { incidentId: INCIDENT_ID, members }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(reason),
    });
    expect(bed.warRooms.create).not.toHaveBeenCalled();
  });

  it('refuses a name WeCom would not take', async () => {
    const bed = createActionsTestBed();

    await expect(
      bed.invoke('create-war-room', {
        incidentId: INCIDENT_ID,
        name: 'x'.repeat(51),
      }),
    ).rejects.toMatchObject({ name: 'InputError' });
    expect(bed.warRooms.create).not.toHaveBeenCalled();
  });

  it('passes the service’s refusal on with its message', async () => {
    const bed = createActionsTestBed();
    bed.warRooms.create.mockRejectedValue(
      new ConflictError(
        'A War Room needs at least 2 linked people; not linked: user:default/newhire',
      ),
    );

    await expect(
      bed.invoke('create-war-room', { incidentId: INCIDENT_ID }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('not linked: user:default/newhire'),
    });
  });

  it('answers a WeCom failure part-way with the step and what to do, as unavailable', async () => {
    const bed = createActionsTestBed();
    const message =
      'War Room creation stopped at step postSummary: WeCom appchat/send answered errcode 86001 (chat not found). Create the War Room again to finish.';
    bed.warRooms.create.mockRejectedValue(new WarRoomUpstreamError(message));

    await expect(
      bed.invoke('create-war-room', { incidentId: INCIDENT_ID }),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError', message });
    const audit = await bed.auditor.createEvent.mock.results[0].value;
    expect(audit.fail).toHaveBeenCalled();
  });
});
