import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  WeComIncidentAnalyzer,
  WeComPostmortemInput,
  wecomAnalyzerExtensionPoint,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { startWeComBackend } from '../__testUtils__/startWeComBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };

/** An analyzer a module might bring: it writes what it was given. */
class RecordingAnalyzer implements WeComIncidentAnalyzer {
  readonly name = 'acme-sre';
  readonly postmortemInputs: WeComPostmortemInput[] = [];
  async analyzeIncident() {
    return { markdown: 'acme analysis' };
  }
  async answerQuestion() {
    return { markdown: 'acme answer' };
  }
  async writePostmortem(input: WeComPostmortemInput) {
    this.postmortemInputs.push(input);
    return {
      markdown: `## Summary\nacme post-mortem of ${input.context.incident.title}`,
    };
  }
}

function analyzerModule(moduleId: string, analyzer: WeComIncidentAnalyzer) {
  return createBackendModule({
    pluginId: 'wecom',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { analyzers: wecomAnalyzerExtensionPoint },
        async init({ analyzers }) {
          analyzers.setAnalyzer(analyzer);
        },
      });
    },
  });
}

describe('an incident analyzer from a module', () => {
  let knex: Knex;
  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
  });

  it('writes the post-mortems instead of the configured analyzer', async () => {
    const analyzer = new RecordingAnalyzer();
    const ctx = await startWeComBackend({
      knex,
      features: [analyzerModule('acme-sre', analyzer)],
    });
    try {
      const created = await request(ctx.server)
        .post('/api/wecom/incidents')
        .set(auth)
        .send({ title: 'Checkout timeouts', severity: 'high' })
        .expect(201);
      await request(ctx.server)
        .post(`/api/wecom/incidents/${created.body.id}/transitions`)
        .set(auth)
        .send({ action: 'close' })
        .expect(200);

      const generated = await request(ctx.server)
        .post(`/api/wecom/incidents/${created.body.id}/postmortem`)
        .set(auth);

      expect(generated.status).toBe(200);
      expect(generated.body.markdown).toContain(
        'acme post-mortem of Checkout timeouts',
      );
      // It got the incident with its timeline (created, closed).
      const [input] = analyzer.postmortemInputs;
      expect(input.context.incident.id).toBe(created.body.id);
      expect(input.context.timeline.map(entry => entry.kind)).toEqual(
        expect.arrayContaining(['created', 'transition']),
      );
    } finally {
      await ctx.backend.stop();
    }
  });

  it('refuses a second analyzer at start-up, naming the first', async () => {
    await expect(
      startWeComBackend({
        knex,
        features: [
          analyzerModule('first', new RecordingAnalyzer()),
          analyzerModule('second', new RecordingAnalyzer()),
        ],
      }),
    ).rejects.toThrow(/already set through wecomAnalyzerExtensionPoint/);
  });
});
