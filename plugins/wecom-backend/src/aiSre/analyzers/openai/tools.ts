import {
  WECOM_INCIDENT_SEVERITIES,
  WECOM_INCIDENT_STATUSES,
  WeComIncident,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';
import { NotAllowedError, isError } from '@backstage/errors';
import { WeComAnalysisDataSource } from 'backstage-plugin-wecom-node';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';

/** A tool result bigger than this is cut: one read must not eat the prompt. */
export const MAX_TOOL_RESULT_CHARS = 8000;
const MAX_TIMELINE_ENTRIES = 50;
const MAX_LISTED_INCIDENTS = 20;

function tool(
  name: string,
  description: string,
  properties: Record<string, unknown>,
  required: string[] = [],
): ChatCompletionFunctionTool {
  return {
    type: 'function',
    function: {
      name,
      description,
      parameters: {
        type: 'object',
        properties,
        required,
        additionalProperties: false,
      },
    },
  };
}

/** The incident reads a model may ask for (function calling). */
export const INCIDENT_TOOLS: ChatCompletionFunctionTool[] = [
  tool(
    'get_incident',
    'Read one incident by its id: status, severity, entity, responders, who acknowledged and closed it.',
    { id: { type: 'string', description: 'The incident id.' } },
    ['id'],
  ),
  tool(
    'get_timeline',
    'Read the latest timeline entries of an incident (alerts, status changes, notifications, comments), oldest first.',
    {
      incident_id: { type: 'string' },
      limit: { type: 'integer', minimum: 1, maximum: MAX_TIMELINE_ENTRIES },
    },
    ['incident_id'],
  ),
  tool(
    'list_incidents',
    'List incidents, newest first, filtered by status, severity, entity or words of the title.',
    {
      status: {
        type: 'array',
        items: { type: 'string', enum: WECOM_INCIDENT_STATUSES },
      },
      severity: {
        type: 'array',
        items: { type: 'string', enum: WECOM_INCIDENT_SEVERITIES },
      },
      entity_ref: {
        type: 'string',
        description: 'e.g. component:default/payments-api',
      },
      q: { type: 'string', description: 'Words of the title.' },
      limit: { type: 'integer', minimum: 1, maximum: MAX_LISTED_INCIDENTS },
    },
  ),
  tool(
    'find_similar_incidents',
    'Find closed past incidents whose title, description and labels read like the text, best first, with a similarity score.',
    {
      text: { type: 'string' },
      limit: { type: 'integer', minimum: 1, maximum: 10 },
    },
    ['text'],
  ),
  tool(
    'describe_entity',
    'Read what the software catalog says about an entity: owners, system, lifecycle, links (runbooks, dashboards) and dependents.',
    {
      entity_ref: {
        type: 'string',
        description: 'e.g. component:default/payments-api',
      },
    },
    ['entity_ref'],
  ),
];

const argumentSchemas = {
  get_incident: z.object({ id: z.string().min(1) }),
  get_timeline: z.object({
    incident_id: z.string().min(1),
    limit: z.number().int().min(1).max(MAX_TIMELINE_ENTRIES).optional(),
  }),
  list_incidents: z.object({
    status: z.array(z.enum(WECOM_INCIDENT_STATUSES)).optional(),
    severity: z.array(z.enum(WECOM_INCIDENT_SEVERITIES)).optional(),
    entity_ref: z.string().optional(),
    q: z.string().optional(),
    limit: z.number().int().min(1).max(MAX_LISTED_INCIDENTS).optional(),
  }),
  find_similar_incidents: z.object({
    text: z.string().min(1),
    limit: z.number().int().min(1).max(10).optional(),
  }),
  describe_entity: z.object({ entity_ref: z.string().min(1) }),
};

type ToolName = keyof typeof argumentSchemas;

/**
 * Runs one tool call against the data source. Always answers text for the
 * model, never throws: a bad call or a failed read becomes an `error` the
 * model can read and recover from. The data source is scoped to whom the
 * answer is for (the bot's asker; a War Room analysis or post-mortem: its
 * own incident only), so whatever a prompt injection makes the model ask
 * for, it gets no more than the answer's readers may see.
 */
export async function runTool(
  call: { name: string; arguments: string },
  data: WeComAnalysisDataSource,
): Promise<string> {
  const schema = argumentSchemas[call.name as ToolName];
  if (!schema) return errorResult(`there is no tool named ${call.name}`);
  let raw: unknown;
  try {
    raw = call.arguments.trim() ? JSON.parse(call.arguments) : {};
  } catch {
    return errorResult('the arguments are not valid JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return errorResult(
      parsed.error.issues
        .map(
          issue => `${issue.path.join('.') || 'arguments'}: ${issue.message}`,
        )
        .join('; '),
    );
  }
  try {
    const result = await read(call.name as ToolName, parsed.data as any, data);
    return cut(JSON.stringify(result));
  } catch (error) {
    // A refusal is the model's to explain to the asker; any other failure's
    // text (hosts, SQL, credentials in a URL) stays out of the prompt.
    if (error instanceof NotAllowedError) {
      return errorResult(`not allowed: ${error.message.slice(0, 300)}`);
    }
    return errorResult(
      `the read failed (${
        isError(error) ? error.name : 'Error'
      }); answer without it`,
    );
  }
}

async function read(
  name: ToolName,
  args: any,
  data: WeComAnalysisDataSource,
): Promise<unknown> {
  switch (name) {
    case 'get_incident': {
      const incident = await data.getIncident(args.id);
      return incident
        ? incidentFacts(incident)
        : { error: `no incident with id ${args.id}` };
    }
    case 'get_timeline': {
      const entries = await data.listTimeline(args.incident_id);
      const limit = args.limit ?? 30;
      return {
        total: entries.length,
        entries: entries.slice(-limit).map(timelineFacts),
      };
    }
    case 'list_incidents': {
      const incidents = await data.listIncidents({
        status: args.status,
        severity: args.severity,
        entityRef: args.entity_ref,
        q: args.q,
        limit: args.limit ?? 10,
      });
      return incidents.map(incidentFacts);
    }
    case 'find_similar_incidents': {
      const similar = await data.findSimilarIncidents(args.text, {
        limit: args.limit ?? 5,
      });
      return similar.map(({ incident, score }) => ({
        score,
        ...incidentFacts(incident),
      }));
    }
    case 'describe_entity': {
      const facts = await data.describeEntity(args.entity_ref);
      return facts ?? { error: `the catalog does not know ${args.entity_ref}` };
    }
    default:
      return { error: `unknown tool ${name}` };
  }
}

/** What a model needs of an incident; long text cut. */
export function incidentFacts(incident: WeComIncident) {
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    description: incident.description?.slice(0, 500),
    entityRef: incident.entityRef,
    responders: incident.responders,
    source: incident.source,
    labels: incident.labels,
    fields: incident.fields,
    createdAt: incident.createdAt,
    acknowledgedBy: incident.acknowledgedBy,
    acknowledgedAt: incident.acknowledgedAt,
    snoozedUntil: incident.snoozedUntil,
    closedAt: incident.closedAt,
    closedBy: incident.closedBy,
  };
}

function timelineFacts(entry: WeComTimelineEntry) {
  return {
    at: entry.at,
    kind: entry.kind,
    actor: entry.actor,
    message: entry.message.slice(0, 300),
  };
}

function errorResult(message: string): string {
  return JSON.stringify({ error: message });
}

function cut(text: string): string {
  return text.length > MAX_TOOL_RESULT_CHARS
    ? `${text.slice(0, MAX_TOOL_RESULT_CHARS)}… (cut)`
    : text;
}
