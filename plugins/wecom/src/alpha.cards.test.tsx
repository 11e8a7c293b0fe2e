import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import wecomPlugin from './alpha';

const entity = (kind: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'payments' },
});

describe('the new frontend system cards', () => {
  it('offers the on-call & incidents card on components and groups only', () => {
    const card = createExtensionTester(
      wecomPlugin.getExtension('entity-card:wecom/oncall'),
    );
    const appliesTo = card.get(EntityCardBlueprint.dataRefs.filterFunction)!;

    expect(appliesTo(entity('Component'))).toBe(true);
    expect(appliesTo(entity('Group'))).toBe(true);
    expect(appliesTo(entity('User'))).toBe(false);
    expect(appliesTo(entity('API'))).toBe(false);
  });

  it.each([
    [
      'home-page-widget:wecom/my-incidents',
      'WeComMyIncidents',
      'My open incidents',
    ],
    [
      'home-page-widget:wecom/my-shifts',
      'WeComMyShifts',
      'My next on-call shifts',
    ],
  ])('offers the home page widget %s', (id, name, title) => {
    const widget = createExtensionTester(
      wecomPlugin.getExtension(id as 'home-page-widget:wecom/my-incidents'),
    ).get(HomePageWidgetBlueprint.dataRefs.widget);

    expect(widget).toMatchObject({ name, title });
  });
});
