import { WeComIncidentStatus } from 'backstage-plugin-wecom-common';
import {
  CARD_SNOOZE_MINUTES,
  CardAction,
  TemplateCard,
  cardActionKey,
} from '../contracts';
import { BUTTON_TEXT, MENU_DESC, snoozeText } from './cardText';
import { fitText, measureText } from '../../text/fitText';
import { CARD_LIMITS } from './limits';

const start: CardAction = { kind: 'startProcessing' };
const close: CardAction = { kind: 'close' };
const refresh: CardAction = { kind: 'refresh' };
const snooze = (minutes: number): CardAction => ({ kind: 'snooze', minutes });

/**
 * The buttons and ⋯ menu entries that still make sense in each status (see
 * the incident transitions: snoozing is for open incidents, a snoozed one
 * can only be started or closed, a closed one only reopened in Backstage).
 * Refresh is always there: it earns the update of a stale card.
 */
const ACTIONS: Record<
  WeComIncidentStatus,
  { buttons: CardAction[]; menu: CardAction[] }
> = {
  triggered: {
    buttons: [start, close, snooze(CARD_SNOOZE_MINUTES.button), refresh],
    menu: CARD_SNOOZE_MINUTES.menu.map(snooze),
  },
  processing: {
    buttons: [close, snooze(CARD_SNOOZE_MINUTES.button), refresh],
    menu: CARD_SNOOZE_MINUTES.menu.map(snooze),
  },
  snoozed: { buttons: [start, close, refresh], menu: [] },
  closed: { buttons: [refresh], menu: [] },
};

/** WeCom's button styles: 1 blue, 2 red, 3 green, 4 grey (verify). */
function styleOf(action: CardAction): number {
  if (action.kind === 'startProcessing') return 1;
  if (action.kind === 'close') return 3;
  return 4;
}

function textOf(action: CardAction): string {
  switch (action.kind) {
    case 'startProcessing':
      return BUTTON_TEXT.startProcessing;
    case 'close':
      return BUTTON_TEXT.close;
    case 'snooze':
      return snoozeText(action.minutes);
    default:
      return BUTTON_TEXT.refresh;
  }
}

function keyOf(incidentId: string, action: CardAction): string {
  const key = cardActionKey(incidentId, action);
  // parseCardActionKey only reads keys whole: cutting one would break it.
  if (measureText(key, CARD_LIMITS.key) > CARD_LIMITS.key.bytes) {
    throw new Error(`Card key of incident ${incidentId} exceeds 1024 bytes`);
  }
  return key;
}

/** `button_list` and, when there is something in it, `action_menu`. */
export function cardActionsFor(
  incidentId: string,
  status: WeComIncidentStatus,
): TemplateCard {
  const { buttons, menu } = ACTIONS[status];
  const result: TemplateCard = {
    button_list: buttons.map(action => ({
      text: fitText(textOf(action), CARD_LIMITS.buttonText).text,
      style: styleOf(action),
      key: keyOf(incidentId, action),
    })),
  };
  if (menu.length > 0) {
    result.action_menu = {
      desc: fitText(MENU_DESC, CARD_LIMITS.menuDesc).text,
      action_list: menu.map(action => ({
        text: fitText(textOf(action), CARD_LIMITS.menuText).text,
        key: keyOf(incidentId, action),
      })),
    };
  }
  return result;
}
