import { FUZZ_SIGNERS } from './__testUtils__/callbackFuzzHarness';
import { describeCallbackFuzz } from './__testUtils__/describeCallbackFuzz';

// The custom app's XML callback under generated bad input (bad base64,
// lengths and padding, truncated or huge XML, broken signature parameters,
// wrong receiveid, odd content types): see callbackArbitraries.

jest.setTimeout(300_000);

describeCallbackFuzz({
  kind: 'app',
  endpoint: '/integrations/:id/callback',
  runs: { get: 1500, post: 2500 },
  genuine: () => ({
    path: `/api/wecom/integrations/acme/callback?${new URLSearchParams(
      FUZZ_SIGNERS.app.urlVerification('still-alive'),
    )}`,
    echo: 'still-alive',
  }),
});
