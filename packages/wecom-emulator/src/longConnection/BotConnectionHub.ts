import type { RawData, WebSocket } from 'ws';
import { botMessageBody } from '../botMessageBody';
import { ErrCode } from '../errcodes';
import { randomId } from '../ids';
import type { EmulatorState } from '../state';
import type { BotWsConnection, BotWsReply } from '../stores/bot';
import {
  type BotWsEventParams,
  type BotWsMessageParams,
  type BotWsPushResult,
  type WsFrame,
  WsCmd,
  eventBody,
  newReqId,
} from './frames';

/** WeCom takes stream updates for 6 minutes after the user's message. */
const STREAM_WINDOW_MILLIS = 6 * 60 * 1000;
/** A welcome must come within 5 seconds of enter_chat. */
const WELCOME_WINDOW_MILLIS = 5 * 1000;

/** An open socket and what it authenticated as. */
interface LiveConnection {
  socket: WebSocket;
  record: BotWsConnection;
}

/** A frame pushed to a bot, which its replies must name by req_id. */
interface PushedFrame {
  botId: string;
  cmd: string;
  eventtype?: string;
  pushedAt: number;
  welcomed?: boolean;
}

/**
 * The emulated WeCom side of the smart bot's long connection, speaking the
 * protocol of `@wecom/aibot-node-sdk`: `aibot_subscribe` with the bot id
 * and Secret, `ping`s, pushed `aibot_msg_callback`/`aibot_event_callback`
 * frames and the bot's replies to them, each acked by req_id. One
 * connection per bot: a newer one gets the old one a `disconnected_event`
 * and closes it, as WeCom does.
 */
export class BotConnectionHub {
  readonly #live = new Set<LiveConnection>();
  readonly #byBot = new Map<string, LiveConnection>();
  readonly #pushed = new Map<string, PushedFrame>();

  constructor(
    private readonly state: EmulatorState,
    private readonly publicUrl: () => string,
  ) {}

  /** Takes a socket opened on `/aibot/ws`. */
  accept(socket: WebSocket): void {
    const record: BotWsConnection = {
      id: randomId(6),
      openedAt: this.state.nowIso(),
      refusals: 0,
      pings: 0,
    };
    this.state.bot.wsConnections.push(record);
    const live: LiveConnection = { socket, record };
    this.#live.add(live);
    socket.on('message', data => this.#onData(live, data));
    socket.on('close', code => {
      record.closedAt ??= this.state.nowIso();
      record.closeReason ??= `closed by the bot (code ${code})`;
      this.#live.delete(live);
      if (record.botId && this.#byBot.get(record.botId) === live) {
        this.#byBot.delete(record.botId);
      }
    });
    socket.on('error', () => socket.terminate());
  }

  /** The open, authenticated connection of a bot, if any. */
  connectionOf(botId?: string): BotWsConnection | undefined {
    const { bot } = this.state.directory.bot(botId);
    return this.#byBot.get(bot.botId)?.record;
  }

  /** Pushes a member's message to the bot; its replies name `reqId`. */
  pushMessage(params: BotWsMessageParams): BotWsPushResult {
    const { live, botId } = this.#target(params.botId);
    const msgid = params.msgid ?? randomId(16);
    const responseCode = this.state.responseUrls.issue(
      { botId, msgid },
      this.state.clock.millis(),
    );
    const body = botMessageBody(params, {
      msgid,
      botId,
      createTime: this.state.clock.unixSeconds(),
      responseUrl: `${this.publicUrl()}/cgi-bin/aibot/response?response_code=${responseCode}`,
    });
    return this.#push(live, botId, WsCmd.MSG_CALLBACK, body);
  }

  /** Pushes an event (default `enter_chat`) to the bot. */
  pushEvent(params: BotWsEventParams): BotWsPushResult {
    const { live, botId } = this.#target(params.botId);
    const body = eventBody(params, botId, this.state.clock.unixSeconds());
    return this.#push(live, botId, WsCmd.EVENT_CALLBACK, body);
  }

  /** Keeps the open connections listed after the state was reset. */
  afterReset(): void {
    for (const live of this.#live)
      this.state.bot.wsConnections.push(live.record);
    this.#pushed.clear();
  }

  /** Closes every socket (the emulator is stopping). */
  closeAll(): void {
    for (const live of this.#live) {
      live.record.closeReason ??= 'the emulator stopped';
      live.socket.terminate();
    }
  }

  #target(botId?: string): { live: LiveConnection; botId: string } {
    const { bot } = this.state.directory.bot(botId);
    const live = this.#byBot.get(bot.botId);
    if (!live) {
      throw new Error(
        `Bot ${bot.botId} has no long connection: nothing is subscribed on /aibot/ws`,
      );
    }
    return { live, botId: bot.botId };
  }

  #push(
    live: LiveConnection,
    botId: string,
    cmd: string,
    body: Record<string, unknown>,
  ): BotWsPushResult {
    const reqId = newReqId(cmd, this.state.clock.millis());
    const event = body.event as { eventtype?: string } | undefined;
    this.#pushed.set(reqId, {
      botId,
      cmd,
      eventtype: event?.eventtype,
      pushedAt: this.state.clock.millis(),
    });
    this.#send(live, { cmd, headers: { req_id: reqId }, body });
    this.state.bot.wsPushes.push({
      botId,
      connectionId: live.record.id,
      at: this.state.nowIso(),
      cmd,
      reqId,
      body,
    });
    return { reqId, msgid: String(body.msgid), connectionId: live.record.id };
  }

  #onData(live: LiveConnection, data: RawData) {
    let frame: WsFrame;
    try {
      frame = JSON.parse(data.toString());
      if (!frame || typeof frame !== 'object') throw new Error('not an object');
    } catch {
      this.#ack(live, '', ErrCode.DATA_FORMAT_ERROR, 'data format error');
      return;
    }
    const reqId = String(frame.headers?.req_id ?? '');
    if (frame.cmd === WsCmd.SUBSCRIBE) {
      this.#subscribe(live, reqId, frame.body ?? {});
      return;
    }
    const botId = live.record.botId;
    if (!botId) {
      this.#ack(
        live,
        reqId,
        ErrCode.INVALID_SECRET,
        'not subscribed: send aibot_subscribe first',
      );
      return;
    }
    if (frame.cmd === WsCmd.PING) {
      live.record.pings += 1;
      this.#ack(live, reqId, ErrCode.OK, 'ok');
      return;
    }
    this.#reply(live, botId, frame, reqId);
  }

  #subscribe(
    live: LiveConnection,
    reqId: string,
    body: Record<string, unknown>,
  ) {
    const botId = String(body.bot_id ?? '');
    const known = this.#findBot(botId);
    if (!known || !known.botSecret || known.botSecret !== body.secret) {
      live.record.refusals += 1;
      this.#ack(
        live,
        reqId,
        ErrCode.INVALID_SECRET,
        known ? 'invalid bot secret' : `unknown bot_id ${botId}`,
      );
      return;
    }
    const previous = this.#byBot.get(known.botId);
    live.record.botId = known.botId;
    live.record.authenticatedAt = this.state.nowIso();
    this.#byBot.set(known.botId, live);
    this.#ack(live, reqId, ErrCode.OK, 'ok');
    if (previous && previous !== live) this.#replace(previous, known.botId);
  }

  #findBot(botId: string) {
    if (!botId) return undefined;
    try {
      return this.state.directory.bot(botId).bot;
    } catch {
      return undefined;
    }
  }

  /** WeCom keeps the newest connection: the old one is told, then closed. */
  #replace(previous: LiveConnection, botId: string) {
    previous.record.closeReason = 'replaced by a newer connection';
    previous.record.closedAt = this.state.nowIso();
    this.#send(previous, {
      cmd: WsCmd.EVENT_CALLBACK,
      headers: {
        req_id: newReqId(WsCmd.EVENT_CALLBACK, this.state.clock.millis()),
      },
      body: eventBody(
        { from: '', eventtype: 'disconnected_event' },
        botId,
        this.state.clock.unixSeconds(),
      ),
    });
    previous.socket.close(1000, 'replaced by a newer connection');
  }

  #reply(live: LiveConnection, botId: string, frame: WsFrame, reqId: string) {
    const cmd = String(frame.cmd ?? '');
    const body = (frame.body ?? {}) as Record<string, unknown>;
    const [errcode, errmsg] = this.#check(botId, cmd, reqId, body);
    const reply: BotWsReply = {
      botId,
      connectionId: live.record.id,
      at: this.state.nowIso(),
      cmd,
      reqId,
      body,
      errcode,
      errmsg,
    };
    this.state.bot.wsReplies.push(reply);
    this.#ack(live, reqId, errcode, errmsg);
  }

  /** WeCom's rules for a reply frame; [0, 'ok'] when it is accepted. */
  #check(
    botId: string,
    cmd: string,
    reqId: string,
    body: Record<string, unknown>,
  ): [number, string] {
    if (cmd === WsCmd.SEND_MSG) {
      return typeof body.chatid === 'string' && body.chatid
        ? [ErrCode.OK, 'ok']
        : [ErrCode.INVALID_PARAMETER, 'chatid is required'];
    }
    if (cmd !== WsCmd.RESPOND_MSG && cmd !== WsCmd.RESPOND_WELCOME) {
      return [ErrCode.API_UNAUTHORIZED, `${cmd || 'frame'} is not emulated`];
    }
    const pushed = this.#pushed.get(reqId);
    if (!pushed || pushed.botId !== botId) {
      return [ErrCode.INVALID_PARAMETER, `unknown req_id ${reqId}`];
    }
    const age = this.state.clock.millis() - pushed.pushedAt;
    if (cmd === WsCmd.RESPOND_WELCOME) {
      if (pushed.eventtype !== 'enter_chat' || pushed.welcomed) {
        return [ErrCode.INVALID_PARAMETER, 'no enter_chat event to welcome'];
      }
      if (age > WELCOME_WINDOW_MILLIS) {
        return [ErrCode.INVALID_PARAMETER, 'welcome later than 5 seconds'];
      }
      pushed.welcomed = true;
      return [ErrCode.OK, 'ok'];
    }
    if (body.msgtype !== 'stream') return [ErrCode.OK, 'ok'];
    return this.#streamUpdate(botId, reqId, body, age);
  }

  #streamUpdate(
    botId: string,
    reqId: string,
    body: Record<string, unknown>,
    age: number,
  ): [number, string] {
    const stream = body.stream as
      | { id?: unknown; finish?: unknown; content?: unknown }
      | undefined;
    if (typeof stream?.id !== 'string' || !stream.id) {
      return [ErrCode.INVALID_PARAMETER, 'stream.id is required'];
    }
    const known = this.state.bot.wsStreams.get(stream.id);
    if (known?.finished) {
      return [ErrCode.INVALID_PARAMETER, `stream ${stream.id} has finished`];
    }
    if (age > STREAM_WINDOW_MILLIS) {
      return [ErrCode.INVALID_PARAMETER, 'stream older than 6 minutes'];
    }
    const content = typeof stream.content === 'string' ? stream.content : '';
    const finished = stream.finish === true;
    if (known) {
      known.content = content;
      known.finished = finished;
      known.updates += 1;
    } else {
      this.state.bot.wsStreams.set(stream.id, {
        id: stream.id,
        botId,
        reqId,
        content,
        finished,
        updates: 1,
      });
    }
    return [ErrCode.OK, 'ok'];
  }

  #ack(live: LiveConnection, reqId: string, errcode: number, errmsg: string) {
    this.#send(live, { headers: { req_id: reqId }, errcode, errmsg });
  }

  #send(live: LiveConnection, frame: WsFrame) {
    if (live.socket.readyState === live.socket.OPEN) {
      live.socket.send(JSON.stringify(frame));
    }
  }
}
