import { Router } from 'express';
import { z } from 'zod';
import type { CorpDirectory } from '../directory';
import { ErrCode, WeComError } from '../errcodes';
import { randomId } from '../ids';
import type { EmulatorState } from '../state';
import type { ChatRecord } from '../stores/chats';
import {
  callerOf,
  messageContent,
  parseBody,
  type Caller,
  wecomHandler,
} from './respond';

const MIN_MEMBERS = 2;
const MAX_MEMBERS = 2000;
const CHATID = /^[A-Za-z0-9]{1,32}$/;
/** The message types `appchat/send` takes; `message/send` takes more. */
export const CHAT_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
]);

const createSchema = z.object({
  name: z.string().max(50).optional(),
  owner: z.string().optional(),
  userlist: z.array(z.string()),
  chatid: z.string().optional(),
});

const updateSchema = z.object({
  chatid: z.string(),
  name: z.string().max(50).optional(),
  owner: z.string().optional(),
  add_user_list: z.array(z.string()).optional(),
  del_user_list: z.array(z.string()).optional(),
});

const sendSchema = z.looseObject({
  chatid: z.string(),
  msgtype: z.string(),
  safe: z.coerce.number().optional(),
});

/** `appchat/create`, `appchat/update`, `appchat/get`, `appchat/send`. */
export function appchatRoutes(state: EmulatorState): Router {
  const router = Router();

  router.post(
    '/appchat/create',
    wecomHandler((req, res) => {
      const caller = appchatCaller(res);
      const body = parseBody(createSchema, req.body);
      const userlist = [...new Set(body.userlist)];
      assertMemberCount(userlist.length);
      assertMembersExist(caller.corp, userlist);
      const owner = body.owner ?? userlist[0];
      if (!userlist.includes(owner)) {
        throw new WeComError(
          ErrCode.INVALID_CHAT_OWNER,
          'chat owner must be in userlist',
        );
      }

      let chatid = body.chatid;
      if (chatid !== undefined) {
        if (!CHATID.test(chatid))
          throw new WeComError(ErrCode.INVALID_CHATID, 'invalid chatid');
        if (state.chats.get(caller.corp.corpId, chatid)) {
          throw new WeComError(ErrCode.CHATID_EXISTS, 'chatid already exists');
        }
      } else {
        do chatid = `wr${randomId(15)}`;
        while (state.chats.get(caller.corp.corpId, chatid));
      }
      state.chats.add({
        chatid,
        corpId: caller.corp.corpId,
        agentId: caller.app.agentId,
        name: body.name ?? '',
        owner,
        userlist,
        createdAt: state.nowIso(),
        messages: [],
      });
      return { chatid };
    }),
  );

  router.post(
    '/appchat/update',
    wecomHandler((req, res) => {
      const caller = appchatCaller(res);
      const body = parseBody(updateSchema, req.body);
      const chat = ownChat(state, caller, body.chatid);
      const added = body.add_user_list ?? [];
      assertMembersExist(caller.corp, added);
      const removed = new Set(body.del_user_list ?? []);
      const members = new Set(chat.userlist.filter(u => !removed.has(u)));
      for (const userid of added) members.add(userid);
      const owner = body.owner ?? chat.owner;
      if (!members.has(owner)) {
        throw new WeComError(
          ErrCode.INVALID_CHAT_OWNER,
          'chat owner must be a member',
        );
      }
      if (members.size > MAX_MEMBERS) assertMemberCount(members.size);
      chat.userlist = [...members];
      chat.owner = owner;
      if (body.name !== undefined) chat.name = body.name;
      return {};
    }),
  );

  router.get(
    '/appchat/get',
    wecomHandler((req, res) => {
      const chat = ownChat(
        state,
        appchatCaller(res),
        String(req.query.chatid ?? ''),
      );
      return {
        chat_info: {
          chatid: chat.chatid,
          name: chat.name,
          owner: chat.owner,
          userlist: chat.userlist,
          chat_type: 0,
        },
      };
    }),
  );

  router.post(
    '/appchat/send',
    wecomHandler((req, res) => {
      const caller = appchatCaller(res);
      const body = parseBody(sendSchema, req.body);
      const chat = ownChat(state, caller, body.chatid);
      const content = messageContent(body, CHAT_MESSAGE_TYPES);
      chat.messages.push({
        msgid: randomId(16),
        agentId: caller.app.agentId,
        msgtype: body.msgtype,
        content,
        sentAt: state.nowIso(),
      });
      return {};
    }),
  );

  return router;
}

/**
 * The caller, if it may use appchat at all: page 90313, 48002 item 7 (and
 * the 权限说明 of pages 90245-90248) allow only self-built apps whose visible
 * range is the root department.
 */
function appchatCaller(res: Parameters<typeof callerOf>[0]): Caller {
  const caller = callerOf(res);
  if (!caller.corp.isRootVisible(caller.app)) {
    throw new WeComError(
      ErrCode.API_FORBIDDEN,
      'api forbidden: appchat needs an app whose visible range is the root department',
    );
  }
  return caller;
}

/** The chat, if it exists and this app created it (apps manage only their own). */
function ownChat(
  state: EmulatorState,
  caller: Caller,
  chatid: string,
): ChatRecord {
  const chat = state.chats.get(caller.corp.corpId, chatid);
  if (!chat) throw new WeComError(ErrCode.CHAT_NOT_FOUND, 'chatid not found');
  if (chat.agentId !== caller.app.agentId) {
    throw new WeComError(
      ErrCode.CHAT_NOT_CREATED_BY_APP,
      'chat not created by this app',
    );
  }
  return chat;
}

function assertMembersExist(corp: CorpDirectory, userids: string[]): void {
  const unknown = userids.filter(u => !corp.users.has(u));
  if (unknown.length > 0) {
    throw new WeComError(
      ErrCode.INVALID_CHAT_MEMBER,
      `invalid chat member: ${unknown.join('|')}`,
    );
  }
}

function assertMemberCount(count: number): void {
  if (count < MIN_MEMBERS || count > MAX_MEMBERS) {
    throw new WeComError(
      ErrCode.INVALID_CHAT_MEMBER_COUNT,
      `a chat needs ${MIN_MEMBERS} to ${MAX_MEMBERS} members, got ${count}`,
    );
  }
}
