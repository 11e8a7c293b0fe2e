import { NotAllowedError } from '@backstage/errors';
import { WeComAnalysisDataSource } from 'backstage-plugin-wecom-node';
import { runTool } from './tools';

/** A data source whose every read fails with `error`. */
function failingWith(error: Error): WeComAnalysisDataSource {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return {
    getIncident: fail,
    listTimeline: fail,
    listIncidents: fail,
    findSimilarIncidents: fail,
    describeEntity: fail,
  };
}

describe('runTool', () => {
  it('answers a refused read with the refusal, for the model to explain to the asker', async () => {
    const data = failingWith(
      new NotAllowedError(
        'The asker may not see incidents (wecom.incident.read)',
      ),
    );

    const result = JSON.parse(
      await runTool(
        { name: 'get_incident', arguments: '{"id":"inc-1"}' },
        data,
      ),
    );

    expect(result).toEqual({
      error:
        'not allowed: The asker may not see incidents (wecom.incident.read)',
    });
  });

  it('keeps the details of a failed read (hosts, credentials) from the model', async () => {
    const data = failingWith(
      new Error(
        'connect ECONNREFUSED postgres://admin:s3cret@db.internal:5432',
      ),
    );

    const result = await runTool(
      { name: 'list_incidents', arguments: '{}' },
      data,
    );

    expect(JSON.parse(result)).toEqual({
      error: 'the read failed (Error); answer without it',
    });
    expect(result).not.toContain('s3cret');
  });
});
