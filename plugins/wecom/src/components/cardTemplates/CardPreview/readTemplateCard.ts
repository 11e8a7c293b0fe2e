/** The parts of a WeCom `template_card` the preview draws. */
export interface TemplateCardView {
  source?: string;
  title?: string;
  titleDesc?: string;
  /** `sub_title_text` split into lines, as the card shows them. */
  lines: string[];
  rows: Array<{ key: string; value: string; url?: string }>;
  buttons: Array<{ text: string; primary: boolean }>;
  menu: string[];
  /** Where a click on the card leads (`card_action` type 1). */
  url?: string;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function objects(value: unknown): Json[] {
  return Array.isArray(value)
    ? value.map(object).filter((item): item is Json => Boolean(item))
    : [];
}

/**
 * Reads the card the backend would send (WeCom's `template_card` JSON of a
 * `button_interaction` card) without trusting its shape: whatever is missing
 * is simply not drawn.
 */
export function readTemplateCard(card: Json): TemplateCardView {
  const mainTitle = object(card.main_title);
  const action = object(card.card_action);
  const subTitle = text(card.sub_title_text);
  return {
    source: text(object(card.source)?.desc),
    title: text(mainTitle?.title),
    titleDesc: text(mainTitle?.desc),
    lines: subTitle ? subTitle.split('\n') : [],
    rows: objects(card.horizontal_content_list).map(row => ({
      key: text(row.keyname) ?? '',
      value: text(row.value) ?? '',
      // type 1 is a link row; the others (files, members) show as text here.
      url: row.type === 1 ? text(row.url) : undefined,
    })),
    buttons: objects(card.button_list).map(button => ({
      text: text(button.text) ?? '',
      primary: button.style === undefined || button.style === 1,
    })),
    menu: objects(object(card.action_menu)?.action_list).map(
      item => text(item.text) ?? '',
    ),
    url: action?.type === 1 ? text(action.url) : undefined,
  };
}
