import { acmeIntegration, globexIntegration } from '../../testing/fixtures';
import { paymentsDeliveries } from '../../testing/incidentFixtures';
import { thirdPartyWarRoomReason } from './warRoomAvailability';

const through = (...ids: string[]) =>
  ids.map((integrationId, i) => ({
    ...paymentsDeliveries[i % paymentsDeliveries.length],
    integrationId,
  }));
const integrations = [acmeIntegration, globexIntegration];

describe('thirdPartyWarRoomReason', () => {
  it('names the third-party app that carried every card', () => {
    expect(thirdPartyWarRoomReason(through('globex'), integrations)).toMatch(
      /^This incident's cards went out through Globex, a third-party app\. War Rooms need a custom app/,
    );
  });

  it('says nothing when a custom app carried a card, or it cannot tell', () => {
    expect(
      thirdPartyWarRoomReason(through('globex', 'acme'), integrations),
    ).toBeUndefined();
    // An integration since deleted, no cards yet, integrations unreadable.
    expect(
      thirdPartyWarRoomReason(through('globex', 'gone'), integrations),
    ).toBeUndefined();
    expect(thirdPartyWarRoomReason([], integrations)).toBeUndefined();
    expect(
      thirdPartyWarRoomReason(through('globex'), undefined),
    ).toBeUndefined();
  });
});
