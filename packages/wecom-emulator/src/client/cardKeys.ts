import type { CardRecord } from '../stores/cards';

/** A member can only click a card they received, on a button it still shows. */
export function assertClickable(
  card: CardRecord,
  userid: string,
  eventKey: string,
): void {
  const view = card.recipients.get(userid);
  if (!view) throw new Error(`${userid} did not receive card ${card.taskId}`);
  if (view.replaceName !== undefined) {
    throw new Error(
      `Card ${card.taskId} shows "${view.replaceName}" to ${userid}: its buttons are gone`,
    );
  }
  const keys = cardKeys(view.card);
  if (keys.length > 0 && !keys.includes(eventKey)) {
    throw new Error(
      `Card ${card.taskId} has no button "${eventKey}" (has ${keys.join(
        ', ',
      )})`,
    );
  }
}

/** The keys a member can click: buttons, ⋯ menu entries, a submit button. */
export function cardKeys(card: Record<string, unknown>): string[] {
  const keys: string[] = [];
  const collect = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      const key = (item as { key?: unknown } | null)?.key;
      if (typeof key === 'string') keys.push(key);
    }
  };
  collect(card.button_list);
  collect(
    (card.action_menu as { action_list?: unknown } | undefined)?.action_list,
  );
  const submit = (card.submit_button as { key?: unknown } | undefined)?.key;
  if (typeof submit === 'string') keys.push(submit);
  return keys;
}

/** A key only the ⋯ menu offers (a key also on a button counts as the button). */
export function isMenuKey(
  card: Record<string, unknown>,
  eventKey: string,
): boolean {
  const menu = cardKeys({ action_menu: card.action_menu });
  return (
    menu.includes(eventKey) &&
    !cardKeys({ ...card, action_menu: undefined }).includes(eventKey)
  );
}
