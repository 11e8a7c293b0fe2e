import { createContext, useContext } from 'react';
import {
  IdentityProviders,
  ProxiedSignInPage,
  SignInPage,
} from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import { Text } from '@backstage/ui';

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
const FallbackSignIn = () => {
  const props = useContext(FallbackContext);
  if (!props) return null;
  return (
    <SignInPage
      onSignInSuccess={props.onSignInSuccess}
      providers={props.fallbackProviders}
      align="center"
      titleComponent={
        <Text as="p" variant="body-medium" color="secondary">
          Open the app from the WeCom workspace to sign in without a password
          once your account is linked.
        </Text>
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
 * @public
 */
export const WeComSignInPage = (props: WeComSignInPageProps) => (
  <FallbackContext.Provider value={props}>
    <ProxiedSignInPage
      provider={props.provider ?? 'wecom'}
      onSignInSuccess={props.onSignInSuccess}
      ErrorComponent={FallbackSignIn}
    />
  </FallbackContext.Provider>
);
