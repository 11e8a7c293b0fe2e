import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  WECOM_ANNOTATIONS,
  WeComEscalationPolicy,
} from 'backstage-plugin-wecom-common';
import { demoOrg } from '../__testUtils__/demoOrg';
import { CatalogEscalationPolicySource } from './CatalogEscalationPolicySource';

const policy = (id: string, ownerRef = 'group:default/sre') =>
  ({ id, name: id, ownerRef, version: 1 } as WeComEscalationPolicy);
const STORED = [
  policy('payments-main', 'group:default/payments'),
  policy('sre-main', 'group:default/sre'),
  policy('gateway'),
];

function annotate(entities: Entity[], annotations: Record<string, string>) {
  return entities.map(entity => {
    const id = annotations[entity.metadata.name];
    return id
      ? {
          ...entity,
          metadata: {
            ...entity.metadata,
            annotations: { [WECOM_ANNOTATIONS.escalationPolicy]: id },
          },
        }
      : entity;
  });
}

function source(annotations: Record<string, string>) {
  const logger = mockServices.logger.mock();
  const store = {
    get: async (id: string) => STORED.find(p => p.id === id),
    ownedBy: async (group: string) => STORED.filter(p => p.ownerRef === group),
  };
  const catalog = catalogServiceMock({
    entities: annotate(demoOrg(), annotations),
  });
  const policies = new CatalogEscalationPolicySource({
    catalog,
    auth: mockServices.auth(),
    store,
    logger,
  });
  return {
    logger,
    policyOf: async (ref: string) => (await policies.policyForEntity(ref))?.id,
  };
}

describe('which escalation policy an entity uses', () => {
  it('takes the entity’s own annotation first', async () => {
    const { policyOf } = source({
      'api-gateway': ' Gateway ',
      platform: 'sre-main',
    });
    expect(await policyOf('component:default/api-gateway')).toBe('gateway');
    // Refs are read case-insensitively, the kind defaults to component.
    expect(await policyOf('API-Gateway')).toBe('gateway');
  });

  it('inherits the owner group’s annotation, else the policy the group owns', async () => {
    expect(
      await source({ platform: 'sre-main' }).policyOf(
        'component:default/api-gateway',
      ),
    ).toBe('sre-main');
    expect(await source({}).policyOf('component:default/payments-api')).toBe(
      'payments-main',
    );
    // platform owns no policy: the app-config default.
    expect(
      await source({}).policyOf('component:default/api-gateway'),
    ).toBeUndefined();
  });

  it('gives a group its own annotation or the policy it owns', async () => {
    expect(await source({}).policyOf('group:default/payments')).toBe(
      'payments-main',
    );
    expect(
      await source({ payments: 'gateway' }).policyOf('group:default/payments'),
    ).toBe('gateway');
  });

  it('falls back to the default for an unknown policy, an unknown entity or a bad ref', async () => {
    const { policyOf, logger } = source({ 'payments-api': 'deleted' });
    expect(await policyOf('component:default/payments-api')).toBeUndefined();
    expect(await policyOf('component:default/payments-api')).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'component:default/payments-api names escalation policy "deleted"',
      ),
    );
    expect(await policyOf('component:default/nope')).toBeUndefined();
    expect(await policyOf('::')).toBeUndefined();
  });
});
