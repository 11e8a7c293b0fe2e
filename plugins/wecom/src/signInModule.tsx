import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/** The sign-in page extension; exported for tests only. */
export const wecomSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { WeComSignInPage } = await import(
        './components/workspace/WeComSignInPage'
      );
      return props => (
        <WeComSignInPage {...props} fallbackProviders={['guest']} />
      );
    },
  },
});

/**
 * Replaces the app's sign-in page (extension `sign-in-page:app`) with the
 * `WeComSignInPage`: members who open the app from the WeCom workspace
 * are signed in without a password once linked; everyone else gets the guest
 * sign-in, as with the default page.
 *
 * To offer other providers, make your own module with
 * `SignInPageBlueprint.make` rendering `WeComSignInPage` with your
 * `fallbackProviders`.
 *
 * @alpha
 */
export const wecomSignInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [wecomSignInPage],
});
