import { mockCredentials } from '@backstage/backend-test-utils';
import { WeComInvalidTransitionError } from 'backstage-plugin-wecom-node';
import {
  INCIDENT_ID,
  ME,
  anIncident,
  createActionsTestBed,
} from './__testUtils__/actionsTestBed';

describe('transition-incident', () => {
  it('changes the status as the calling user and answers the incident', async () => {
    const bed = createActionsTestBed();
    const processing = anIncident({
      status: 'processing',
      acknowledgedBy: ME,
      acknowledgedAt: '2026-11-27T10:10:00.000Z',
    });
    bed.incidents.transition.mockResolvedValue(processing);

    const output = await bed.invoke('transition-incident', {
      incidentId: INCIDENT_ID,
      action: 'startProcessing',
    });

    expect(output).toEqual({ incident: processing });
    expect(bed.incidents.transition).toHaveBeenCalledWith(
      INCIDENT_ID,
      { action: 'startProcessing' },
      ME,
    );
    expect(bed.auditEvents()).toEqual([
      {
        eventId: 'incident-change',
        meta: {
          action: 'startProcessing',
          incidentId: INCIDENT_ID,
          snoozeMinutes: null,
          via: 'action',
          caller: ME,
        },
      },
    ]);
  });

  it('records no user on the timeline when a service calls', async () => {
    const bed = createActionsTestBed();
    bed.incidents.transition.mockResolvedValue(
      anIncident({ status: 'closed' }),
    );

    await bed.invoke(
      'transition-incident',
      { incidentId: INCIDENT_ID, action: 'close' },
      mockCredentials.service('external:mcp-agent'),
    );

    expect(bed.incidents.transition).toHaveBeenCalledWith(
      INCIDENT_ID,
      { action: 'close' },
      undefined,
    );
    expect(bed.auditEvents()[0].meta).toMatchObject({
      caller: 'external:mcp-agent',
    });
  });

  it('snoozes for the given minutes', async () => {
    const bed = createActionsTestBed();
    bed.incidents.transition.mockResolvedValue(
      anIncident({ status: 'snoozed' }),
    );

    await bed.invoke('transition-incident', {
      incidentId: INCIDENT_ID,
      action: 'snooze',
      snoozeMinutes: 30,
    });

    expect(bed.incidents.transition).toHaveBeenCalledWith(
      INCIDENT_ID,
      { action: 'snooze', snoozeMinutes: 30 },
      ME,
    );
  });

  it('answers a transition that does not apply with the reason, as a conflict', async () => {
    const bed = createActionsTestBed();
    const closed = anIncident({ status: 'closed' });
    bed.incidents.transition.mockRejectedValue(
      new WeComInvalidTransitionError(
        closed,
        'startProcessing',
        'The incident is already closed; reopen it first',
      ),
    );

    await expect(
      bed.invoke('transition-incident', {
        incidentId: INCIDENT_ID,
        action: 'startProcessing',
      }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: `Cannot startProcessing incident ${INCIDENT_ID}: The incident is already closed; reopen it first`,
    });
    const audit = await bed.auditor.createEvent.mock.results[0].value;
    expect(audit.fail).toHaveBeenCalled();
    expect(audit.success).not.toHaveBeenCalled();
  });

  it('asks for snoozeMinutes when snoozing without them', async () => {
    const bed = createActionsTestBed();

    await expect(
      bed.invoke('transition-incident', {
        incidentId: INCIDENT_ID,
        action: 'snooze',
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'snoozeMinutes is required to snooze (minutes, 1 to 10080)',
    });
    expect(bed.incidents.transition).not.toHaveBeenCalled();
  });

  it.each([
    { action: 'acknowledge' },
    { action: 'snooze', snoozeMinutes: 0 },
    { action: 'snooze', snoozeMinutes: 10081 },
    { action: 'snooze', snoozeMinutes: 1.5 },
  ])('refuses the invalid input %p', async input => {
    const bed = createActionsTestBed();

    await expect(
      bed.invoke('transition-incident', { incidentId: INCIDENT_ID, ...input }),
    ).rejects.toMatchObject({ name: 'InputError' });
    expect(bed.incidents.transition).not.toHaveBeenCalled();
  });
});
