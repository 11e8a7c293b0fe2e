import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Content, Header, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Alert, Button, Flex, Text } from '@backstage/ui';
import type { WeComWorkspaceLinkPreview } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { errorMessage } from '../../shared/errorMessage';
import { Fact } from '../../shared/Fact';
import { safeAppPath } from './safeAppPath';

/** How long the success message stays before the app moves on. */
export const WORKSPACE_LINK_REDIRECT_MS = 3000;

const REOPEN_HINT =
  'Reopen the app from the WeCom workspace to get a new sign-in link.';

type LinkState =
  | { status: 'loading' }
  | { status: 'confirm'; preview: WeComWorkspaceLinkPreview }
  | { status: 'linking'; preview: WeComWorkspaceLinkPreview }
  | { status: 'linked'; linked: Linked }
  | { status: 'cancelled'; redirectTo: string }
  | { status: 'failed'; message: string };

interface Linked {
  entityRef: string;
  wecomUserId: string;
  redirectTo: string;
}

function memberLabel(preview: WeComWorkspaceLinkPreview): string {
  return preview.wecomUserName
    ? `${preview.wecomUserName} (${preview.wecomUserId})`
    : preview.wecomUserId;
}

/** Who would be linked to whom, what moves, and Link / Cancel. */
const ConfirmLink = (props: {
  preview: WeComWorkspaceLinkPreview;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) => {
  const { preview } = props;
  return (
    <Flex direction="column" gap="3">
      <Text as="h2" variant="title-small">
        Link your WeCom account?
      </Text>
      <dl style={{ margin: 0 }}>
        <Fact label="WeCom member">{memberLabel(preview)}</Fact>
        <Fact label="Organisation">{preview.integrationName}</Fact>
        <Fact label="Backstage account">{preview.entityRef}</Fact>
      </dl>
      {preview.linkedTo && (
        <Alert
          status="warning"
          title={`WeCom member ${preview.wecomUserId} is linked to ${preview.linkedTo} now. Linking moves it to your account.`}
        />
      )}
      {preview.replacesWecomUserId && (
        <Alert
          status="warning"
          title={`Your account is linked to WeCom member ${preview.replacesWecomUserId} now. Linking replaces it.`}
        />
      )}
      <Text as="p" variant="body-medium" style={{ margin: 0 }}>
        Once linked, this WeCom member signs in to Backstage as you without a
        password and receives your alerts. Link only your own WeCom account: if
        someone sent you this link, press Cancel.
      </Text>
      <Flex gap="2">
        <Button
          variant="primary"
          isDisabled={props.busy}
          onPress={props.onConfirm}
        >
          Link
        </Button>
        <Button
          variant="secondary"
          isDisabled={props.busy}
          onPress={props.onCancel}
        >
          Cancel
        </Button>
      </Flex>
    </Flex>
  );
};

/**
 * Where the WeCom workspace login lands (`/wecom/workspace?ticket=…`): the
 * backend has verified the WeCom member through OAuth2, in this browser,
 * and issued a one-time ticket. The page shows which member would be linked
 * to which Backstage user and links only when the user confirms — a link
 * someone else sent must never link the reader's account by being opened.
 */
export const WorkspaceLinkPage = () => {
  const api = useApi(wecomApiRef);
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const ticket = searchParams.get('ticket');
  const [state, setState] = useState<LinkState>(
    ticket
      ? { status: 'loading' }
      : {
          status: 'failed',
          message: 'This page was opened without a sign-in ticket.',
        },
  );
  // A ticket links once: a second press must not send it again.
  const confirmed = useRef(false);

  useEffect(() => {
    if (!ticket) return undefined;
    let current = true;
    // Looking is safe to repeat (React runs effects twice in development).
    api.previewWorkspaceLink(ticket).then(
      preview => {
        if (!current) return;
        if (preview.alreadyLinked) {
          // Nothing to confirm or announce: a linked member who tapped a
          // card's detail link goes straight on to the incident.
          navigate(safeAppPath(preview.redirectTo), { replace: true });
          return;
        }
        setState({ status: 'confirm', preview });
      },
      error => {
        if (current) {
          setState({ status: 'failed', message: errorMessage(error) });
        }
      },
    );
    return () => {
      current = false;
    };
  }, [api, ticket, navigate]);

  const confirm = (preview: WeComWorkspaceLinkPreview) => {
    if (!ticket || confirmed.current) return;
    confirmed.current = true;
    setState({ status: 'linking', preview });
    api.completeWorkspaceLink(ticket).then(
      linked => setState({ status: 'linked', linked }),
      error => setState({ status: 'failed', message: errorMessage(error) }),
    );
  };

  const target =
    state.status === 'linked' ? safeAppPath(state.linked.redirectTo) : '/';
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
          {state.status === 'loading' && (
            <Text as="p" variant="body-medium" role="status">
              Reading your WeCom sign-in…
            </Text>
          )}
          {(state.status === 'confirm' || state.status === 'linking') && (
            <ConfirmLink
              preview={state.preview}
              busy={state.status === 'linking'}
              onConfirm={() => confirm(state.preview)}
              onCancel={() =>
                setState({
                  status: 'cancelled',
                  redirectTo: state.preview.redirectTo,
                })
              }
            />
          )}
          {state.status === 'linked' && (
            <>
              <Alert
                status="success"
                title={`Your Backstage account ${state.linked.entityRef} is linked to WeCom member ${state.linked.wecomUserId}`}
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
          {state.status === 'cancelled' && (
            <>
              <Alert
                status="info"
                title="Nothing was linked to your Backstage account"
                description="If this was your own WeCom account, open the app from the WeCom workspace again to link it."
              />
              <div>
                <Button
                  variant="secondary"
                  onPress={() =>
                    navigate(safeAppPath(state.redirectTo), { replace: true })
                  }
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
