import { NotFoundError } from '@backstage/errors';
import {
  INCIDENT_ID,
  ME,
  aWarRoom,
  createActionsTestBed,
} from './__testUtils__/actionsTestBed';

describe('dismiss-war-room', () => {
  it('dismisses as the calling user and says the WeCom group stays', async () => {
    const bed = createActionsTestBed();
    bed.warRooms.dismiss.mockResolvedValue(
      aWarRoom({
        status: 'dismissed',
        dismissedBy: ME,
        dismissedAt: '2026-11-27T12:00:00.000Z',
      }),
    );

    const output = await bed.invoke('dismiss-war-room', {
      incidentId: INCIDENT_ID,
    });

    expect(bed.warRooms.dismiss).toHaveBeenCalledWith(INCIDENT_ID, ME);
    expect(output).toMatchObject({
      incidentId: INCIDENT_ID,
      chatId: 'wr0123456789abcdef0123456789abcd',
      status: 'dismissed',
      dismissedBy: ME,
      dismissedAt: '2026-11-27T12:00:00.000Z',
      notLinked: ['user:default/newhire'],
    });
    expect(output.message).toContain('The WeCom group chat itself stays');
    expect(bed.auditEvents()).toEqual([
      {
        eventId: 'war-room',
        meta: {
          action: 'dismiss',
          incidentId: INCIDENT_ID,
          via: 'action',
          caller: ME,
        },
      },
    ]);
  });

  it('passes "no War Room" on as not found and audits the failure', async () => {
    const bed = createActionsTestBed();
    bed.warRooms.dismiss.mockRejectedValue(
      new NotFoundError(`Incident ${INCIDENT_ID} has no War Room`),
    );

    await expect(
      bed.invoke('dismiss-war-room', { incidentId: INCIDENT_ID }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: `Incident ${INCIDENT_ID} has no War Room`,
    });
    const audit = await bed.auditor.createEvent.mock.results[0].value;
    expect(audit.fail).toHaveBeenCalled();
  });
});
