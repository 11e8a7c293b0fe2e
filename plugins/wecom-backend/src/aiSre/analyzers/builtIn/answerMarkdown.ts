import { WeComAnalysisQuestion } from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { MAX_ANSWER_BYTES, fitMarkdown } from '../markdownBudget';
import {
  AnalysisFacts,
  nextStepList,
  ownersAndRunbooks,
  similarSection,
  summary,
  timelineSection,
} from './analysisMarkdown';
import { attachmentsSection } from './attachmentsMarkdown';
import { clock, oneLine, refs } from './text';
import { SEVERITY_LABELS, STATUS_LABELS } from '../../../text/incidentLabels';

/** What a question asks about, recognised by English and Chinese words. */
type Topic =
  | 'status'
  | 'owners'
  | 'runbooks'
  | 'timeline'
  | 'alerts'
  | 'similar'
  | 'next'
  | 'cause'
  | 'unseen';

const TOPICS: { topic: Topic; words: RegExp }[] = [
  {
    topic: 'status',
    words:
      /status|happen|going on|state|summary|overview|情况|状态|怎么了|发生|进展|现在/i,
  },
  {
    topic: 'owners',
    words:
      /\bwho\b|owner|\bown|responder|acknowledg|\back\b|contact|负责|谁|联系|认领/i,
  },
  {
    topic: 'runbooks',
    words:
      /runbook|playbook|\bdocs?\b|link|dashboard|手册|文档|链接|预案|看板/i,
  },
  {
    topic: 'timeline',
    words: /timeline|history|latest|recent|时间线|经过|最新|记录/i,
  },
  { topic: 'alerts', words: /alert|firing|\bfire|告警|报警/i },
  {
    topic: 'similar',
    words: /similar|before|\bpast\b|again|previous|类似|以前|之前|历史|上次/i,
  },
  {
    topic: 'next',
    words:
      /\bnext\b|what should|what to do|how (do|to|can) (i|we) fix|\bfix\b|mitigat|do now|下一步|怎么办|怎么处理|如何处理|建议/i,
  },
  { topic: 'cause', words: /\bwhy\b|cause|\broot\b|reason|为什么|原因|根因/i },
  {
    topic: 'unseen',
    words:
      /metric|\blogs?\b|\bcpu\b|memory|latency|deploy|release|change|指标|日志|发布|变更|内存/i,
  },
];

const FOOTER =
  '*Built-in analyzer: rules over the incident data, no AI model.*';

const CANNOT_ANSWER =
  'The built-in analyzer has no model: it answers about the incident’s status, who works on it, runbooks, timeline, alerts, similar past incidents and next steps. ' +
  'Type `help` for the commands, or ask your Backstage admin to configure the OpenAI-compatible analyzer (`wecom.aiSre.analyzer: openai`) for free-form answers.';

/** The topics a question is about, in the order they are answered. */
export function topicsOf(question: string): Topic[] {
  return TOPICS.filter(({ words }) => words.test(question)).map(
    ({ topic }) => topic,
  );
}

/**
 * A rule-based answer about the question's incident. It says plainly what
 * it cannot know (causes, metrics, logs) and where to get more.
 */
export function writeAnswer(
  question: WeComAnalysisQuestion,
  facts: Omit<AnalysisFacts, 'context'>,
): string {
  const sections: string[] = [];
  const topics = topicsOf(question.question);
  const context = question.context;

  if (!context) {
    sections.push(
      'This chat is not the War Room of an incident, so I do not know which incident you mean. ' +
        'Ask in the incident’s War Room, or type `help` for the commands (for example `firing` lists open incidents).',
    );
    if (topics.length === 0 || topics.some(t => t !== 'status')) {
      sections.push(CANNOT_ANSWER);
    }
  } else {
    const all: AnalysisFacts = { ...facts, context };
    const { incident } = context;
    sections.push(
      `**${oneLine(incident.title, 120)}** · ${
        SEVERITY_LABELS[incident.severity]
      } · ${STATUS_LABELS[incident.status]}${
        context.incidentUrl ? ` · [incident page](${context.incidentUrl})` : ''
      }`,
    );
    const answered = new Set<Topic>();
    for (const topic of topics.length > 0 ? topics : (['status'] as Topic[])) {
      const section = answerTopic(topic, all);
      if (section && !answered.has(topic)) sections.push(section);
      answered.add(topic);
    }
    if (topics.length === 0) sections.push(CANNOT_ANSWER);
  }

  const attachments = attachmentsSection(question.attachments);
  if (attachments) sections.push(attachments);
  return fitMarkdown(sections.join('\n\n'), MAX_ANSWER_BYTES, FOOTER);
}

function answerTopic(topic: Topic, facts: AnalysisFacts): string {
  const { context, now, timeZone } = facts;
  switch (topic) {
    case 'status':
      return [
        summary(facts),
        timelineSection(facts, 3),
        numbered('Next steps', nextStepList(facts)),
      ]
        .filter(Boolean)
        .join('\n\n');
    case 'owners': {
      const { incident } = context;
      const acknowledged = incident.acknowledgedBy
        ? `Acknowledged by ${refs(incident.acknowledgedBy)}${
            incident.acknowledgedAt
              ? ` at ${clock(
                  DateTime.fromISO(incident.acknowledgedAt),
                  now,
                  timeZone,
                )}`
              : ''
          }`
        : 'Nobody has acknowledged it yet';
      return `${ownersAndRunbooks(facts)}\n${acknowledged}`;
    }
    case 'runbooks':
      return ownersAndRunbooks(facts);
    case 'timeline':
      return (
        timelineSection(facts, 10) || '**Timeline**\nNo timeline entries yet.'
      );
    case 'alerts':
      return alertsSection(facts);
    case 'similar':
      return (
        similarSection(facts, 5) ||
        '**Similar past incidents**\nNo closed incident reads like this one.'
      );
    case 'next':
      return (
        numbered('Next steps', nextStepList(facts)) ||
        '**Next steps**\nNothing the incident data points to; follow your runbook.'
      );
    case 'cause':
      return [
        '**Cause**',
        'I cannot tell the cause: the built-in analyzer sees only the incident, its timeline, the catalog and past incidents, not metrics, logs or recent changes.',
        context.similarIncidents.length > 0
          ? 'Similar past incidents may show what it was last time:'
          : '',
        similarSection(facts, 3).split('\n').slice(1).join('\n'),
      ]
        .filter(Boolean)
        .join('\n');
    case 'unseen':
      return '**Metrics, logs and changes**\nThe built-in analyzer cannot see metrics, logs, deployments or other changes; look at the dashboards linked from the entity, or use an analyzer with access to them.';
    default:
      return '';
  }
}

function alertsSection(facts: AnalysisFacts): string {
  const { context, now, timeZone } = facts;
  const alerts = context.timeline.filter(entry => entry.kind === 'alert');
  if (alerts.length === 0) {
    return '**Alerts**\nNo alert notifications on this incident (it may have been opened by hand or through the API).';
  }
  const resolved = alerts.filter(entry => entry.data?.status === 'resolved');
  const last = alerts[alerts.length - 1];
  return [
    '**Alerts**',
    `${alerts.length} alert notifications, ${resolved.length} of them resolved.`,
    `Latest ${clock(DateTime.fromISO(last.at), now, timeZone)}: ${oneLine(
      last.message,
      120,
    )}`,
  ].join('\n');
}

function numbered(title: string, items: string[]): string {
  if (items.length === 0) return '';
  return [`**${title}**`, ...items.map((item, i) => `${i + 1}. ${item}`)].join(
    '\n',
  );
}
