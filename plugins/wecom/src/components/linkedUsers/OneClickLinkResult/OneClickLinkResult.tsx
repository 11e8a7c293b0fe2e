import {
  Accordion,
  AccordionPanel,
  AccordionTrigger,
  Alert,
  Box,
  Flex,
  Text,
} from '@backstage/ui';
import type { WeComLinkRun } from 'backstage-plugin-wecom-common';
import { notFoundReason, runSummary } from '../linkedUserLabels';
import { formatTime } from '../../shared/timeLabels';

const Reasons = (props: {
  label: string;
  items: Array<{ entityRef: string; reason: string }>;
}) => (
  <Box as="ul" m="0" pl="4" aria-label={props.label}>
    {props.items.map(item => (
      <li key={item.entityRef}>
        <Text variant="body-small" weight="bold">
          {item.entityRef}
        </Text>
        <Text variant="body-small" color="secondary">
          {' '}
          — {item.reason}
        </Text>
      </li>
    ))}
  </Box>
);

/**
 * Why the run stopped looking members up by mobile: WeCom blocks mobile
 * lookups for the whole corp for a day when too many fail, so the budget is
 * the corp's over 24 hours, and earlier runs may have spent it.
 */
function mobileLookupsStopped(
  lookups: NonNullable<WeComLinkRun['mobileLookups']>,
): string {
  const users = 'Users left with only a mobile number are listed under Failed';
  const until = lookups.until ? formatTime(lookups.until) : undefined;
  if (lookups.stopped === 'blocked') {
    const refused = lookups.blockedEarlier
      ? 'WeCom refused mobile lookups of this corp (45009) in an earlier run today, so this run skipped them'
      : 'WeCom refused mobile lookups (45009)';
    return `${refused}: it blocks them for the whole corp for a day once too many fail. ${users}; link them by hand, add the work.weixin.qq.com/userid annotation, or run again ${
      until ? `after ${until}` : 'tomorrow'
    }.`;
  }
  const total = lookups.misses + (lookups.earlierMisses ?? 0);
  const earlier = lookups.earlierMisses
    ? ` (${
        lookups.earlierMisses
      } of them in earlier runs of this corp's integrations in the last 24 hours${
        lookups.misses === 0 ? ', so this run skipped mobile lookups' : ''
      })`
    : '';
  return `After ${total} mobile numbers found nobody${earlier}, the run stopped looking members up by mobile, before WeCom would block mobile lookups for the whole corp for a day (it does when failures pass 20 % of the corp's seats).${
    until ? ` Mobile lookups may resume at ${until}.` : ''
  } ${users}; check the catalog's mobile numbers, or link them by hand.`;
}

/**
 * What a finished One-Click Link run did: the counts, then who was not found
 * (and what was tried) and what failed and why. A run that stopped early also
 * says why and how to fix it.
 */
export const OneClickLinkResult = (props: { run: WeComLinkRun }) => {
  const { run } = props;
  const notFound = run.notFound.map(item => ({
    entityRef: item.entityRef,
    reason: notFoundReason(item.tried),
  }));
  const byPersonalEmail = run.linked
    .filter(item => item.via === 'personalEmail')
    .map(item => ({
      entityRef: item.entityRef,
      reason: `${item.wecomUserId}, whose personal email matches: make sure this is them`,
    }));
  // Users with an email who were not found may have only a personal one.
  const personalEmailOff =
    run.matching?.personalEmail === false &&
    run.notFound.some(item => item.tried.includes('email'));
  const failed = run.failed.map(item => ({
    entityRef: item.entityRef,
    reason:
      item.errcode === undefined
        ? item.reason
        : `${item.reason} (WeCom errcode ${item.errcode})`,
  }));

  return (
    <Flex direction="column" gap="3">
      {run.status === 'failed' && (
        <Alert
          status="danger"
          title="One-Click Link stopped"
          description={
            <>
              <Text as="p" variant="body-medium" style={{ margin: 0 }}>
                {run.error?.message ?? 'The run stopped before it finished.'}
                {run.error?.errcode !== undefined &&
                  ` (WeCom errcode ${run.error.errcode})`}
              </Text>
              {run.error?.hint && (
                <Text as="p" variant="body-medium" style={{ margin: 0 }}>
                  How to fix: {run.error.hint}
                </Text>
              )}
            </>
          }
        />
      )}
      {run.mobileLookups?.stopped && (
        <Alert
          status="warning"
          title="Mobile lookups stopped"
          description={mobileLookupsStopped(run.mobileLookups)}
        />
      )}
      <section aria-label="One-Click Link result">
        <Text as="p" variant="body-medium" weight="bold" style={{ margin: 0 }}>
          {runSummary(run)}
        </Text>
        {byPersonalEmail.length > 0 && (
          <Accordion>
            <AccordionTrigger
              title={`Linked by personal email (${byPersonalEmail.length})`}
            />
            <AccordionPanel>
              <Reasons
                label="Users linked by personal email"
                items={byPersonalEmail}
              />
            </AccordionPanel>
          </Accordion>
        )}
        {personalEmailOff && (
          <Text as="p" variant="body-small" color="secondary">
            Personal email was not matched (off in this integration's settings):
            users whose email is only a personal email in WeCom are among those
            not found. Link them by hand.
          </Text>
        )}
        {notFound.length > 0 && (
          <Accordion>
            <AccordionTrigger title={`Not found (${notFound.length})`} />
            <AccordionPanel>
              <Reasons label="Users not found in WeCom" items={notFound} />
            </AccordionPanel>
          </Accordion>
        )}
        {failed.length > 0 && (
          <Accordion>
            <AccordionTrigger title={`Failed (${failed.length})`} />
            <AccordionPanel>
              <Reasons label="Users that failed" items={failed} />
            </AccordionPanel>
          </Accordion>
        )}
      </section>
    </Flex>
  );
};
