import type {
  WeComLinkRun,
  WeComLinkSource,
} from 'backstage-plugin-wecom-common';

const sourceLabels: Record<WeComLinkSource, string> = {
  oneClick: 'One-Click',
  annotation: 'Annotation',
  workspaceLogin: 'Workspace login',
  manual: 'Manual',
};

/** How a link came to be, in the words of the Linked Users tab. */
export function linkSourceLabel(source: WeComLinkSource | undefined): string {
  return source ? sourceLabels[source] : '';
}

type Lookup = WeComLinkRun['notFound'][number]['tried'][number];

const lookupLabels: Record<Lookup, string> = {
  mobile: 'mobile',
  email: 'corporate email',
  personalEmail: 'personal email',
};

/** What One-Click Link tried for a user it could not find in WeCom. */
export function notFoundReason(tried: Lookup[]): string {
  if (tried.length === 0) return 'no mobile or email in the catalog';
  const labels = tried.map(lookup => lookupLabels[lookup] ?? lookup);
  return `tried ${labels.join(' and ')}, no WeCom member matches`;
}

/** The one-line summary of a finished One-Click Link run. */
export function runSummary(run: WeComLinkRun): string {
  return [
    `Linked ${run.linked.length}`,
    `Not found ${run.notFound.length}`,
    `Failed ${run.failed.length}`,
    `Already linked ${run.alreadyLinked}`,
  ].join(' · ');
}
