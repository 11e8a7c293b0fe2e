import { MouseEvent } from 'react';
import {
  ChatEnvironment,
  openChatWithJsSdk,
  wecomChatDeepLink,
} from './openWeComChat';

/** Props of {@link MessageOnWeComLink}. */
export interface MessageOnWeComLinkProps {
  /** The member's WeCom userid. */
  wecomUserId: string;
  /** Who, for the link's accessible name, e.g. "zhangsan". */
  name: string;
  /** The page's window; tests pass their own. */
  environment?: ChatEnvironment;
}

/**
 * "Message on WeCom": the desktop deep link, or the JS-SDK's chat when the
 * page is inside WeCom and the SDK is configured (see openWeComChat.ts).
 */
export const MessageOnWeComLink = (props: MessageOnWeComLinkProps) => {
  const { wecomUserId, name } = props;
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (openChatWithJsSdk(wecomUserId, props.environment ?? window)) {
      event.preventDefault();
    }
  };
  return (
    <a
      href={wecomChatDeepLink(wecomUserId)}
      onClick={onClick}
      aria-label={`Message ${name} on WeCom`}
      // A plain anchor, not BUI's Link: a router must never try to handle
      // the wxwork: scheme. Blue text is --bui-fg-announcement
      // (--bui-announcement-fg is the white text *on* an announcement
      // background: invisible here).
      style={{
        color: 'var(--bui-fg-announcement)',
        textDecoration: 'underline',
      }}
    >
      Message on WeCom
    </a>
  );
};
