import { WeComIncident, WeComWarRoom } from 'backstage-plugin-wecom-common';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { incidentNumber } from '../../warRooms/WarRoomNamer';
import { WarRoomStore } from '../../warRooms/WarRoomStore';
import { BotInboundMessage } from './types';

/** What a bot message's chat is about: the incident of its War Room. */
export class ChatIncidentFinder {
  constructor(
    private readonly options: {
      warRooms: Pick<WarRoomStore, 'findByChatId' | 'get' | 'list'>;
      incidents: Pick<WeComIncidentProvider, 'getIncident'>;
    },
  ) {}

  /**
   * The incident of a War Room chat. Whether the `chatid` of smart-bot
   * group messages equals the chatid `appchat/create` gave the War Room is
   * not documented, so a chat the store does not know is also matched by
   * the incident's number (as in the War Room's name) or an explicit
   * `#id` in the question; failing both, the answer says the chat was not
   * recognised instead of silently being about nothing.
   */
  async incidentOf(
    message: BotInboundMessage,
    text: string,
  ): Promise<{
    incident?: WeComIncident;
    unrecognisedGroup: boolean;
    /** Matched by the text, not by the chat's id. */
    namedInText?: boolean;
  }> {
    if (message.chatType !== 'group' || !message.chatId) {
      return { unrecognisedGroup: false };
    }
    const { warRooms, incidents } = this.options;
    const byChat = await warRooms.findByChatId(
      message.integrationId,
      message.chatId,
    );
    const warRoom =
      byChat ?? (await this.warRoomNamedIn(message.integrationId, text));
    const incident =
      warRoom && (await incidents.getIncident(warRoom.incidentId));
    return incident
      ? { incident, unrecognisedGroup: false, namedInText: !byChat }
      : { unrecognisedGroup: true };
  }

  /** The one War Room of the integration whose incident the text names. */
  private async warRoomNamedIn(
    integrationId: string,
    text: string,
  ): Promise<WeComWarRoom | undefined> {
    const refs = incidentRefsIn(text);
    if (refs.length === 0) return undefined;
    const { warRooms } = this.options;
    const ours = (room?: WeComWarRoom) =>
      room?.integrationId === integrationId ? [room] : [];
    // A full id first; then numbers among the newest War Rooms.
    const exact = (
      await Promise.all(refs.map(ref => warRooms.get(ref)))
    ).flatMap(ours);
    const candidates = exact.length
      ? exact
      : (await warRooms.list({ limit: 200 }))
          .flatMap(ours)
          .filter(room => refs.includes(incidentNumber(room.incidentId)));
    const ids = new Set(candidates.map(room => room.incidentId));
    // Several incidents named (or one number shared): none is guessed.
    return ids.size === 1 ? candidates[0] : undefined;
  }
}

/**
 * Incidents a message may name: a few, each looked up, so one message
 * cannot make the bot query the store hundreds of times.
 */
const MAX_INCIDENT_REFS = 3;

/**
 * Incident refs in a question: `#<id>` (as the commands take them) and
 * bare 8-hex-digit numbers (as in War Room names), the numbers upper case.
 */
function incidentRefsIn(text: string): string[] {
  const mentions = [
    ...[...text.matchAll(/#\s*([\w-]{1,64})(?![\w-])/g)].map(m => m[1]),
    ...[...text.matchAll(/\b[0-9a-f]{8}\b/gi)].map(m => m[0]),
  ].slice(0, MAX_INCIDENT_REFS);
  const refs = new Set<string>();
  for (const ref of mentions) {
    refs.add(ref);
    refs.add(ref.toUpperCase());
  }
  return [...refs];
}
