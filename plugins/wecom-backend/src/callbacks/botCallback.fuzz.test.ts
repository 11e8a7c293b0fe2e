import { FUZZ_SIGNERS } from './__testUtils__/callbackFuzzHarness';
import { describeCallbackFuzz } from './__testUtils__/describeCallbackFuzz';

// The smart bot's JSON callback (empty receiveid) under generated bad input:
// see callbackArbitraries.

jest.setTimeout(300_000);

describeCallbackFuzz({
  kind: 'bot',
  endpoint: '/integrations/:id/bot-callback',
  runs: { get: 1000, post: 2500 },
  genuine: () => ({
    path: `/api/wecom/integrations/acme/bot-callback?${new URLSearchParams(
      FUZZ_SIGNERS.bot.urlVerification('still-alive'),
    )}`,
    echo: 'still-alive',
  }),
});
