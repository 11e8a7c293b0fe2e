import useAsync from 'react-use/esm/useAsync';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';

/** The signed-in user's entity ref, once known. */
export function useSignedInUser(): string | undefined {
  const identityApi = useApi(identityApiRef);
  const state = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  return state.value;
}
