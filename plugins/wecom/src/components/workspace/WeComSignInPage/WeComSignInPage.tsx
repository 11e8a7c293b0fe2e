import { createContext, useContext, useMemo } from 'react';
import {
  IdentityProviders,
  ProxiedSignInPage,
  SignInPage,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  useApi,
  type IdentityApi,
  type SignInPageProps,
} from '@backstage/core-plugin-api';
import { Alert, Button, Flex, Text } from '@backstage/ui';
import { describeSignInFailure } from './signInFailure';
import { signOutOfWeCom, withWeComSignOut } from './signOutOfWeCom';

/**
 * Props of {@link WeComSignInPage}.
 *
 * @public
 */
export type WeComSignInPageProps = SignInPageProps & {
  /** The sign-in choices when the WeCom workspace identity is not there. */
  fallbackProviders: IdentityProviders;
  /** The auth backend's proxy provider id; `wecom` unless renamed. */
  provider?: string;
};

/** The page's props, for the fallback rendered by ProxiedSignInPage. */
const FallbackContext = createContext<WeComSignInPageProps | undefined>(
  undefined,
);

/**
 * Rendered by ProxiedSignInPage when the silent WeCom sign-in fails: outside
 * the WeCom workspace there is no identity cookie, and a member who is not
 * linked yet has no Backstage user. Declared once, outside the page, so
 * ProxiedSignInPage sees a stable component and does not remount it.
 */
const FallbackSignIn = (fallback: { error?: Error }) => {
  const props = useContext(FallbackContext);
  if (!props) return null;
  const failure = describeSignInFailure(fallback.error, window.location.search);
  return (
    <SignInPage
      onSignInSuccess={props.onSignInSuccess}
      providers={props.fallbackProviders}
      align="center"
      titleComponent={
        <Flex direction="column" gap="3" align="center">
          {failure && (
            <Alert
              status={failure.retry ? 'danger' : 'warning'}
              title={failure.title}
              description={failure.message}
              customActions={
                failure.retry && (
                  <Button
                    size="small"
                    variant="secondary"
                    onPress={() => window.location.reload()}
                  >
                    Try again
                  </Button>
                )
              }
            />
          )}
          <Text as="p" variant="body-medium" color="secondary">
            Open the app from the WeCom workspace to sign in without a password
            once your account is linked.
          </Text>
        </Flex>
      }
    />
  );
};

/**
 * Signs in without a password when the app is opened from the WeCom
 * workspace: the auth backend's `wecom` proxy provider recognises the member
 * from the cookie set by the WeCom OAuth2 login and answers with their
 * linked Backstage user. Anywhere else, or before the member is linked, it
 * falls back to the usual sign-in page with `fallbackProviders`.
 *
 * Signing out (of either) also asks the `wecom` provider to forget the
 * WeCom identity cookie, so the browser is not signed straight back in.
 *
 * @public
 */
export const WeComSignInPage = (props: WeComSignInPageProps) => {
  const discoveryApi = useApi(discoveryApiRef);
  const provider = props.provider ?? 'wecom';
  const { onSignInSuccess } = props;
  const withSignOut = useMemo(
    () => (identity: IdentityApi) =>
      onSignInSuccess(
        withWeComSignOut(identity, () =>
          signOutOfWeCom(discoveryApi, provider),
        ),
      ),
    [onSignInSuccess, discoveryApi, provider],
  );
  return (
    <FallbackContext.Provider
      value={{ ...props, onSignInSuccess: withSignOut }}
    >
      <ProxiedSignInPage
        provider={provider}
        onSignInSuccess={withSignOut}
        ErrorComponent={FallbackSignIn}
      />
    </FallbackContext.Provider>
  );
};
