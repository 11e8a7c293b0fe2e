import { pastIncidentFixture as incident } from '../__testUtils__/incidentFixtures';
import { SimilarIncidentIndex, tokenize } from './similarIncidents';

const past = [
  incident('db', 'Postgres connection pool exhausted on payments-api', {
    entityRef: 'component:default/payments-api',
    labels: { alertname: 'PgPoolExhausted' },
  }),
  incident('cdn', 'CDN returns 502 for static assets'),
  incident('disk', 'Disk full on logging nodes', {
    description: 'Elasticsearch stopped indexing',
  }),
  incident('cn', '支付接口超时，数据库连接池耗尽'),
  incident('login', 'Login page slow for users in Europe'),
];

describe('tokenize', () => {
  it('splits words, camelCase and kebab-case, and drops stop words', () => {
    expect(tokenize('The payments-api is DOWN: HighLatency on pg')).toEqual([
      'payments',
      'api',
      'down',
      'high',
      'latency',
      'pg',
    ]);
  });

  it('turns Chinese runs into overlapping character pairs', () => {
    expect(tokenize('数据库超时 db')).toEqual([
      '数据',
      '据库',
      '库超',
      '超时',
      'db',
    ]);
  });
});

describe('SimilarIncidentIndex', () => {
  const index = new SimilarIncidentIndex(past);

  it('finds the past incident with the same words first', () => {
    const found = index.search('payments-api: connection pool exhausted');

    expect(found[0].incident.id).toBe('db');
    expect(found[0].score).toBeGreaterThan(0.5);
  });

  it('matches the same entity and alert labels of a new incident', () => {
    const found = index.similarTo(
      incident('new', 'Checkout errors', {
        status: 'triggered',
        entityRef: 'component:default/payments-api',
        labels: { alertname: 'PgPoolExhausted' },
      }),
    );

    expect(found.map(f => f.incident.id)).toEqual(['db']);
  });

  it('matches Chinese text', () => {
    const found = index.search('数据库连接池耗尽');

    expect(found[0].incident.id).toBe('cn');
  });

  it('answers nothing when no incident shares enough words', () => {
    expect(index.search('certificate expired on the VPN gateway')).toEqual([]);
  });

  it('leaves out the incident itself', () => {
    expect(
      index.similarTo(past[0]).map(found => found.incident.id),
    ).not.toContain('db');
  });

  it('ranks best first and keeps to the limit', () => {
    const found = index.search('payments slow login connection disk', {
      limit: 2,
      minScore: 0,
    });

    expect(found).toHaveLength(2);
    expect(found[0].score).toBeGreaterThanOrEqual(found[1].score);
  });

  it('searches thousands of incidents quickly enough to run per question', () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      incident(
        `i${i}`,
        `Service ${i % 97} error rate high in region ${i % 7}`,
        {
          description: `Alert ${i} from host-${i % 300}`,
        },
      ),
    );
    many.push(past[0]);

    const big = new SimilarIncidentIndex(many);
    const found = big.search('connection pool exhausted payments');

    expect(big.size).toBe(3001);
    expect(found[0].incident.id).toBe('db');
  });
});
