import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Content, Header, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Alert, Button, Flex, Text } from '@backstage/ui';
import type { WeComWorkspaceLinkResult } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../api';
import { errorMessage } from '../errorMessage';

/** How long the success message stays before the app moves on. */
export const WORKSPACE_LINK_REDIRECT_MS = 3000;

const REOPEN_HINT =
  'Reopen the app from the WeCom workspace to get a new sign-in link.';

type LinkState =
  | { status: 'linking' }
  | { status: 'linked'; result: WeComWorkspaceLinkResult }
  | { status: 'failed'; message: string };

/**
 * Only app paths: the target comes back from the backend, but a link that
 * leaves the app (`https://…`, `//host`) is never followed.
 */
function safeAppPath(redirectTo: string | undefined): string {
  if (!redirectTo || !redirectTo.startsWith('/')) return '/';
  if (redirectTo.startsWith('//') || redirectTo.startsWith('/\\')) return '/';
  return redirectTo;
}

/**
 * Where the WeCom workspace login lands (`/wecom/workspace?ticket=…`): the
 * backend has verified the WeCom member through OAuth2 and issued a one-time
 * ticket; redeeming it as the signed-in Backstage user links the two.
 */
export const WorkspaceLinkPage = () => {
  const api = useApi(wecomApiRef);
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const ticket = searchParams.get('ticket');
  const [state, setState] = useState<LinkState>({ status: 'linking' });
  // A ticket works once: React's development double effects and re-renders
  // must not redeem it twice, or the second call would report it as used.
  const redeemed = useRef<string>();

  useEffect(() => {
    if (!ticket) {
      setState({
        status: 'failed',
        message: 'This page was opened without a sign-in ticket.',
      });
      return;
    }
    if (redeemed.current === ticket) return;
    redeemed.current = ticket;
    api.completeWorkspaceLink(ticket).then(
      result => setState({ status: 'linked', result }),
      error => setState({ status: 'failed', message: errorMessage(error) }),
    );
  }, [api, ticket]);

  const target =
    state.status === 'linked' ? safeAppPath(state.result.redirectTo) : '/';
  useEffect(() => {
    if (state.status !== 'linked') return undefined;
    const timer = setTimeout(
      () => navigate(target, { replace: true }),
      WORKSPACE_LINK_REDIRECT_MS,
    );
    return () => clearTimeout(timer);
  }, [state.status, target, navigate]);

  return (
    <Page themeId="tool">
      <Header title="WeCom" subtitle="Sign in from the WeCom workspace" />
      <Content>
        <Flex direction="column" gap="4" style={{ maxWidth: 640 }}>
          {state.status === 'linking' && (
            <Text as="p" variant="body-medium" role="status">
              Linking your Backstage account to your WeCom member…
            </Text>
          )}
          {state.status === 'linked' && (
            <>
              <Alert
                status="success"
                title={`Your Backstage account ${state.result.entityRef} is linked to WeCom member ${state.result.wecomUserId}`}
                description="WeCom alerts and War Rooms now reach you. Taking you on in a moment…"
              />
              <div>
                <Button
                  variant="primary"
                  onPress={() => navigate(target, { replace: true })}
                >
                  Continue
                </Button>
              </div>
            </>
          )}
          {state.status === 'failed' && (
            <Alert
              status="danger"
              title="Your account could not be linked to WeCom"
              description={
                <>
                  <Text as="p" variant="body-medium" style={{ margin: 0 }}>
                    {state.message}
                  </Text>
                  <Text as="p" variant="body-medium" style={{ margin: 0 }}>
                    {REOPEN_HINT}
                  </Text>
                </>
              }
            />
          )}
        </Flex>
      </Content>
    </Page>
  );
};
