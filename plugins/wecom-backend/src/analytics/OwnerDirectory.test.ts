import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogOwnerDirectory } from './OwnerDirectory';

const component = (name: string, extra: object) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  ...extra,
});

describe('CatalogOwnerDirectory', () => {
  it("reads each entity's owners: relations first, else spec.owner, none when unknown", async () => {
    const directory = new CatalogOwnerDirectory(
      catalogServiceMock({
        entities: [
          component('payments-api', {
            spec: { owner: 'stale-owner' },
            relations: [
              { type: 'ownedBy', targetRef: 'group:default/Payments' },
              { type: 'ownedBy', targetRef: 'group:default/sre' },
              { type: 'dependsOn', targetRef: 'resource:default/db' },
            ],
          }),
          component('checkout', { spec: { owner: 'group:shop/checkout' } }),
        ],
      }),
      mockServices.auth(),
    );

    const owners = await directory.ownersOf([
      'component:default/payments-api',
      'component:default/checkout',
      'component:default/gone',
    ]);

    expect(Object.fromEntries(owners)).toEqual({
      'component:default/payments-api': [
        'group:default/payments',
        'group:default/sre',
      ],
      'component:default/checkout': ['group:shop/checkout'],
      'component:default/gone': [],
    });
  });
});
