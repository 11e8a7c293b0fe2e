import { mockServices } from '@backstage/backend-test-utils';
import {
  WeComIncidentAnalyzer,
  WeComIncidentContext,
} from 'backstage-plugin-wecom-node';
import { FallbackIncidentAnalyzer } from './FallbackIncidentAnalyzer';

const context: WeComIncidentContext = {
  incident: {
    id: 'inc-1',
    title: 'Payments failing',
    severity: 'high',
    status: 'triggered',
    responders: [],
    source: 'api',
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T09:00:00.000Z',
  },
  timeline: [],
  similarIncidents: [],
};

function analyzer(
  name: string,
  analyzeIncident: WeComIncidentAnalyzer['analyzeIncident'],
): WeComIncidentAnalyzer {
  return {
    name,
    analyzeIncident,
    answerQuestion: jest.fn(),
    writePostmortem: jest.fn(),
  };
}

describe('FallbackIncidentAnalyzer', () => {
  const builtIn = analyzer('built-in', async () => ({ markdown: 'rules' }));

  it('answers with the primary analyzer when it works', async () => {
    const fallback = new FallbackIncidentAnalyzer({
      primary: analyzer('openai:m', async () => ({ markdown: 'model' })),
      fallback: builtIn,
      logger: mockServices.logger.mock(),
    });

    expect(await fallback.analyzeIncident(context)).toEqual({
      markdown: 'model',
    });
    expect(fallback.name).toBe('openai:m');
  });

  it('answers with the fallback and a note when the primary fails', async () => {
    const logger = mockServices.logger.mock();
    const onText = jest.fn();
    const fallback = new FallbackIncidentAnalyzer({
      primary: analyzer('openai:m', async () => {
        throw new Error('The model server did not answer within 60 s');
      }),
      fallback: builtIn,
      logger,
    });

    const { markdown } = await fallback.analyzeIncident(context, { onText });

    expect(markdown).toBe(
      '*openai:m could not write this analysis (The model server did not answer within 60 s); this is the built-in analysis.*\n\nrules',
    );
    expect(onText).toHaveBeenLastCalledWith(markdown);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('did not answer within 60 s'),
    );
  });

  it('does not fall back when the caller cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const fallback = new FallbackIncidentAnalyzer({
      primary: analyzer('openai:m', async () => {
        throw new Error('cancelled');
      }),
      fallback: builtIn,
      logger: mockServices.logger.mock(),
    });

    await expect(
      fallback.analyzeIncident(context, { signal: controller.signal }),
    ).rejects.toThrow('cancelled');
  });
});
