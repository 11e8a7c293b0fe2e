import { FUZZ_SIGNERS, FUZZ_SUITE } from './__testUtils__/callbackFuzzHarness';
import { describeCallbackFuzz } from './__testUtils__/describeCallbackFuzz';

// The third-party suite's XML instruction callback under generated bad
// input: see callbackArbitraries.

jest.setTimeout(300_000);

describeCallbackFuzz({
  kind: 'suite',
  endpoint: '/suites/:suiteId/callback',
  runs: { get: 1000, post: 1500 },
  genuine: () => ({
    path: `/api/wecom/suites/${
      FUZZ_SUITE.suiteId
    }/callback?${new URLSearchParams(
      FUZZ_SIGNERS.suite.urlVerification('still-alive'),
    )}`,
    echo: 'still-alive',
  }),
});
