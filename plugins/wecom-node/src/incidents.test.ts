import { WeComIncident } from 'backstage-plugin-wecom-common';
import {
  WeComInvalidTransitionError,
  isWeComInvalidTransitionError,
} from './incidents';

describe('isWeComInvalidTransitionError', () => {
  const incident = { id: 'inc-1', status: 'closed' } as WeComIncident;

  it('recognises this package copy’s error', () => {
    expect(
      isWeComInvalidTransitionError(
        new WeComInvalidTransitionError(incident, 'close', 'already closed'),
      ),
    ).toBe(true);
  });

  it("recognises another copy's error by its name", () => {
    // What a module's own copy of wecom-node throws: a different class.
    class OtherCopyError extends Error {
      readonly name = 'WeComInvalidTransitionError';
    }
    expect(isWeComInvalidTransitionError(new OtherCopyError('no'))).toBe(true);
  });

  it('refuses other errors and non-errors', () => {
    expect(isWeComInvalidTransitionError(new Error('boom'))).toBe(false);
    expect(
      isWeComInvalidTransitionError({ name: 'WeComInvalidTransitionError' }),
    ).toBe(false);
    expect(isWeComInvalidTransitionError(undefined)).toBe(false);
  });
});
