import { parseEntityRef } from '@backstage/catalog-model';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import { TemplateCard } from '../contracts';
import { cardActionsFor } from './cardActions';
import { DETAILS_TEXT, ROW_NAMES } from './cardText';
import { fitCustomArea } from './customArea';
import { ELLIPSIS, fitText } from '../../text/fitText';
import { CARD_COUNTS, CARD_LIMITS, TASK_ID_PATTERN } from './limits';
import { SEVERITY_LABELS, STATUS_LABELS } from '../../text/incidentLabels';

/** What a card is made of once the template has rendered. */
export interface CardContent {
  incident: WeComIncident;
  taskId: string;
  /** The rendered template title and body. */
  title: string;
  body: string;
  appTitle: string;
  /** The incident's page in Backstage. */
  url: string;
  /** The creation time as people read it. */
  createdText: string;
  /** Who made the last status change (updated cards). */
  changedBy?: string;
}

interface Row {
  keyname: string;
  value: string;
  type?: number;
  url?: string;
}

/**
 * The `button_interaction` template_card of an incident, every text within
 * WeCom's limits. When the title or the custom area had to be cut, a
 * Details row (and the card's own click-through) lead to the incident page
 * with the full text.
 */
export function buildCard(content: CardContent): {
  card: TemplateCard;
  warnings: string[];
} {
  const { incident, taskId } = content;
  if (!TASK_ID_PATTERN.test(taskId)) {
    // The delivery matches clicks by task id: never cut it, refuse it.
    throw new Error(
      `Invalid task_id "${taskId}": at most 128 letters, digits and _-@`,
    );
  }
  const warnings: string[] = [];
  const fit = (text: string, limit: { width: number }, what: string) => {
    const fitted = fitText(text, limit);
    if (fitted.cut) {
      warnings.push(
        `${what} is over WeCom's limit of ${limit.width} characters; it was cut with "${ELLIPSIS}"`,
      );
    }
    return fitted;
  };

  const title = fit(content.title, CARD_LIMITS.mainTitle, 'The title');
  const area = fitCustomArea(content.body);
  warnings.push(...area.warnings);
  const needsDetails = title.cut || area.cut;

  const rows = rowsOf(content);
  const room = CARD_COUNTS.rows - (needsDetails ? 1 : 0);
  const hidden = rows.slice(room);
  if (hidden.length > 0) {
    warnings.push(
      `A card has at most ${CARD_COUNTS.rows} rows; not shown: ${hidden
        .map(row => row.keyname)
        .join(', ')} (the incident page has them)`,
    );
  }
  const shown: Row[] = rows.slice(0, room).map(row => ({
    keyname: fit(
      row.keyname,
      CARD_LIMITS.rowName,
      `The row name "${row.keyname}"`,
    ).text,
    value: fit(
      row.value,
      CARD_LIMITS.rowValue,
      `The value of row "${row.keyname}"`,
    ).text,
  }));
  if (needsDetails) {
    shown.push({
      type: 1,
      keyname: ROW_NAMES.details,
      value: DETAILS_TEXT,
      url: content.url,
    });
  }

  const card: TemplateCard = {
    card_type: 'button_interaction',
    source: {
      desc: fit(content.appTitle, CARD_LIMITS.sourceDesc, 'The app title').text,
    },
    main_title: {
      title: title.text,
      desc: fitText(
        SEVERITY_LABELS[incident.severity],
        CARD_LIMITS.mainTitleDesc,
      ).text,
    },
    ...(area.text ? { sub_title_text: area.text } : {}),
    horizontal_content_list: shown,
    card_action: { type: 1, url: content.url },
    task_id: taskId,
    ...cardActionsFor(incident.id, incident.status),
  };
  return { card, warnings };
}

/** Status (and who changed it), service, created, then the incident's fields. */
function rowsOf(content: CardContent): Row[] {
  const { incident } = content;
  const status = STATUS_LABELS[incident.status];
  const rows: Row[] = [
    {
      keyname: ROW_NAMES.status,
      value: content.changedBy ? `${status} · by ${content.changedBy}` : status,
    },
  ];
  if (incident.entityRef) {
    rows.push({
      keyname: ROW_NAMES.service,
      value: serviceName(incident.entityRef),
    });
  }
  rows.push({ keyname: ROW_NAMES.created, value: content.createdText });
  for (const [name, value] of Object.entries(incident.fields ?? {})) {
    rows.push({ keyname: name, value: String(value) });
  }
  return rows;
}

/** `payments-api`, or `team-a/payments-api` outside the default namespace. */
function serviceName(entityRef: string): string {
  try {
    const { namespace, name } = parseEntityRef(entityRef);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return entityRef;
  }
}
