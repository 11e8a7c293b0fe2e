import { NotFoundError } from '@backstage/errors';
import {
  INCIDENT_ID,
  anIncident,
  createActionsTestBed,
  timelineOf,
} from './__testUtils__/actionsTestBed';

describe('get-incident', () => {
  it('answers the incident and its latest timeline entries, oldest first', async () => {
    const bed = createActionsTestBed();
    bed.incidents.timeline.mockResolvedValue(timelineOf(30));

    const output = await bed.invoke('get-incident', {
      incidentId: INCIDENT_ID,
      timelineLimit: 2,
    });

    expect(output.incident).toEqual(anIncident());
    expect(output.timeline.map((e: { id: string }) => e.id)).toEqual([
      'entry-29',
      'entry-30',
    ]);
    expect(output.timelineTotal).toBe(30);
    expect(bed.incidents.get).toHaveBeenCalledWith(INCIDENT_ID);
  });

  it('answers the last 20 entries by default and none for a limit of 0', async () => {
    const bed = createActionsTestBed();
    bed.incidents.timeline.mockResolvedValue(timelineOf(25));

    const byDefault = await bed.invoke('get-incident', {
      incidentId: INCIDENT_ID,
    });
    const none = await bed.invoke('get-incident', {
      incidentId: INCIDENT_ID,
      timelineLimit: 0,
    });

    expect(byDefault.timeline).toHaveLength(20);
    expect(byDefault.timeline[0].id).toBe('entry-6');
    expect(none.timeline).toEqual([]);
    expect(none.timelineTotal).toBe(25);
  });

  it('passes an unknown incident on as not found', async () => {
    const bed = createActionsTestBed();
    bed.incidents.get.mockRejectedValue(
      new NotFoundError('No incident with id "nope"'),
    );
    bed.incidents.timeline.mockRejectedValue(
      new NotFoundError('No incident with id "nope"'),
    );

    await expect(
      bed.invoke('get-incident', { incidentId: 'nope' }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'No incident with id "nope"',
    });
  });

  it('refuses an empty id or an out-of-range limit before reading', async () => {
    const bed = createActionsTestBed();

    await expect(
      bed.invoke('get-incident', { incidentId: ' ' }),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(
      bed.invoke('get-incident', {
        incidentId: INCIDENT_ID,
        timelineLimit: 500,
      }),
    ).rejects.toMatchObject({ name: 'InputError' });
    expect(bed.incidents.get).not.toHaveBeenCalled();
  });
});
