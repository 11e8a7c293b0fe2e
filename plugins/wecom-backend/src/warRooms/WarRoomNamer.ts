import { LoggerService } from '@backstage/backend-plugin-api';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import Handlebars from 'handlebars';
import { entityNameOf } from '../catalog/catalogEntities';

/** `wecom.warRoom.nameTemplate` when not set. */
export const DEFAULT_WAR_ROOM_NAME_TEMPLATE =
  '[{{severityLabel}}] #{{number}} {{title}}';

/** WeCom's limit on a group chat's name. */
export const WAR_ROOM_NAME_MAX = 50;

const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

type Render = (variables: Record<string, unknown>) => string;

/**
 * Names War Rooms from the `wecom.warRoom.nameTemplate` Handlebars template.
 * A template that does not compile or render falls back to the default (a
 * War Room with the default name beats no War Room), with a warning.
 */
export class WarRoomNamer {
  private readonly handlebars = Handlebars.create();
  private readonly fallback: Render;
  private readonly render: Render;

  constructor(
    private readonly options: { template?: string; logger: LoggerService },
  ) {
    this.fallback = this.compile(DEFAULT_WAR_ROOM_NAME_TEMPLATE);
    const template = options.template?.trim();
    this.render = this.fallback;
    if (template) {
      try {
        this.render = this.compile(template);
      } catch (error) {
        this.warn(error);
      }
    }
  }

  /** The name of the incident's War Room, at most 50 characters. */
  name(incident: WeComIncident): string {
    const variables = nameVariables(incident);
    let name = '';
    try {
      name = this.render(variables).trim();
    } catch (error) {
      this.warn(error);
    }
    if (!name) name = this.fallback(variables).trim();
    return truncateName(name);
  }

  private compile(source: string): Render {
    const options = { noEscape: true, knownHelpersOnly: true };
    // Handlebars compiles lazily: precompiling surfaces syntax errors now.
    this.handlebars.precompile(source, options);
    return this.handlebars.compile(source, options);
  }

  private warn(error: unknown) {
    const reason = String(error instanceof Error ? error.message : error)
      .replace(/\s*\n\s*/g, ' ')
      .trim();
    this.options.logger.warn(
      `wecom.warRoom.nameTemplate cannot be used (${reason}); War Rooms get the default name`,
    );
  }
}

/** An incident's number in War Room names: its id's first 8 characters, upper case. */
export function incidentNumber(incidentId: string): string {
  return incidentId.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/** The variables a name template can use. */
export function nameVariables(
  incident: WeComIncident,
): Record<string, unknown> {
  return {
    id: incident.id,
    number: incidentNumber(incident.id),
    title: incident.title,
    severity: incident.severity,
    severityLabel: incident.severity.toUpperCase(),
    status: incident.status,
    entityRef: incident.entityRef,
    entityName: entityNameOf(incident.entityRef),
  };
}

/**
 * Cuts a name to WeCom's 50 characters (counted as JavaScript does, so an
 * emoji counts twice) at a character boundary, ending it with "…".
 */
export function truncateName(name: string): string {
  if (name.length <= WAR_ROOM_NAME_MAX) return name;
  let kept = '';
  for (const { segment } of graphemes.segment(name)) {
    if (kept.length + segment.length > WAR_ROOM_NAME_MAX - ELLIPSIS.length) {
      break;
    }
    kept += segment;
  }
  return `${kept.trimEnd()}${ELLIPSIS}`;
}
