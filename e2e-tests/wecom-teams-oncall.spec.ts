import { expect, Locator, Page, test } from '@playwright/test';
import path from 'node:path';
import { E2E_URLS } from '../playwright.config';

// On call, through the UI only, after wecom-setup.spec.ts connected WeCom
// and linked the team (the guest is linked to the WeCom member `guest`):
// the payments team puts the guest on call in a schedule, pages that
// schedule first in an escalation policy, and an incident on payments-api
// reaches the guest — not the team's other members — in WeCom. The
// component page and the home page then show the incident and the person
// on call with a working WeCom link.
test.describe.configure({ mode: 'serial' });

const artifacts = path.join(__dirname, '..', 'e2e-artifacts');
const shot = (page: Page, name: string) =>
  page.screenshot({
    path: path.join(artifacts, `${name}.png`),
    fullPage: true,
  });

/** A picture of one part of the page, for the docs. */
const shotOf = (part: Locator, name: string) =>
  part.screenshot({ path: path.join(artifacts, `${name}.png`) });

const SCHEDULE = 'Payments primary';
const POLICY = 'Payments critical';
const INCIDENT = 'Checkout latency p99 above 2s';

async function signInAsGuest(page: Page, url: string) {
  await page.goto(url);
  const enter = page.getByRole('button', { name: 'Enter' });
  const signedIn = page.getByRole('heading', { name: 'WeCom', exact: true });
  await expect(enter.or(signedIn).first()).toBeVisible();
  if (await enter.isVisible()) await enter.click();
  await expect(signedIn).toBeVisible();
}

/** Types into a searchable picker and takes the first option that matches. */
async function pick(
  page: Page,
  scope: Locator,
  label: string,
  typed: string,
  option: RegExp,
) {
  // The accessible name carries "(Required)" on required pickers.
  const box = scope.getByRole('combobox', { name: new RegExp(`^${label}`) });
  await box.click();
  await box.press('ControlOrMeta+a');
  await box.press('Backspace');
  await box.pressSequentially(typed);
  await page.getByRole('option', { name: option }).first().click();
}

/** Yesterday's date in Shanghai, so the rotation has started whatever the hour. */
function yesterdayInShanghai(): string {
  return new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA', {
    timeZone: 'Asia/Shanghai',
  });
}

test('the person on call is paged through the policy and shown where Backstage users look', async ({
  page,
}) => {
  await signInAsGuest(page, '/wecom?tab=schedules');
  await page.getByRole('tab', { name: 'Schedules' }).click();

  // A schedule of the payments team with the guest on call.
  await page.getByRole('button', { name: 'New schedule' }).click();
  const scheduleForm = page.getByRole('dialog', { name: 'New schedule' });
  await scheduleForm
    .getByRole('textbox', { name: 'Name', exact: true })
    .fill(SCHEDULE);
  await pick(page, scheduleForm, 'Owner group', 'Paym', /^Payments Team/);
  await pick(page, scheduleForm, 'Time zone', 'Shanghai', /Asia\/Shanghai/);
  await pick(page, scheduleForm, 'Add member to Layer 1', 'Gue', /^Guest/);
  await scheduleForm
    .getByRole('textbox', { name: 'Hand-off time of Layer 1' })
    .fill('09:00');
  await scheduleForm
    .getByRole('textbox', { name: 'Rotation length of Layer 1 (days)' })
    .fill('7');
  await scheduleForm
    .getByRole('textbox', { name: 'Start date of Layer 1' })
    .fill(yesterdayInShanghai());
  await scheduleForm.getByRole('button', { name: 'Create' }).click();
  await expect(scheduleForm).toHaveCount(0);
  const scheduleRow = page.getByRole('row').filter({ hasText: SCHEDULE });
  await expect(scheduleRow).toContainText('Guest 访客');
  await scheduleRow
    .getByRole('button', { name: `Timeline of ${SCHEDULE}` })
    .click();
  await expect(
    page.getByRole('region', { name: `Timeline of ${SCHEDULE}` }).first(),
  ).toBeVisible();
  await shot(page, '20-oncall-schedule');
  await shotOf(
    page.getByRole('region', { name: `Schedule ${SCHEDULE}` }),
    '20-oncall-timeline',
  );

  // The team's escalation policy pages the schedule first; payments-api is
  // owned by the team, so it inherits the policy without an annotation.
  await page.getByRole('tab', { name: 'Escalation policies' }).click();
  await page.getByRole('button', { name: 'New policy' }).click();
  const policyForm = page.getByRole('dialog', {
    name: 'New escalation policy',
  });
  await policyForm
    .getByRole('textbox', { name: 'Name', exact: true })
    .fill(POLICY);
  await pick(page, policyForm, 'Owner group', 'Paym', /^Payments Team/);
  await pick(
    page,
    policyForm,
    'Add target to Level 1',
    'Paym',
    /^Payments primary/,
  );
  await policyForm
    .getByRole('textbox', { name: 'Minutes to acknowledge at Level 1' })
    .fill('10');
  await policyForm.getByRole('button', { name: 'Create' }).click();
  await expect(policyForm).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: POLICY })).toContainText(
    SCHEDULE,
  );
  await shot(page, '21-oncall-escalation-policy');

  // An incident on payments-api: the policy's first level is the schedule,
  // so the guest gets the card and the rest of the team does not.
  await page.getByRole('link', { name: 'Incidents' }).click();
  await page.getByRole('button', { name: 'New incident' }).click();
  const form = page.getByRole('dialog', { name: 'New incident' });
  await form
    .getByRole('textbox', { name: 'Title', exact: true })
    .fill(INCIDENT);
  await form.getByText('High', { exact: true }).click();
  await form
    .getByRole('textbox', { name: 'Entity', exact: true })
    .fill('payments-api');
  await form.getByRole('button', { name: 'Create' }).click();
  const deliveries = page.getByRole('grid', { name: 'Deliveries' });
  await expect(
    deliveries.getByRole('row').filter({ hasText: 'guest' }),
  ).toContainText('Sent');
  await expect(
    deliveries.getByRole('row').filter({ hasText: 'ZhangSan' }),
  ).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText(
    POLICY,
  );
  const messages = await (
    await fetch(`${E2E_URLS.emulator}/_emulator/messages?userid=guest`)
  ).json();
  expect(JSON.stringify(messages)).toContain(INCIDENT);

  // The component's page: the open incident and the guest on call, with a
  // link that opens a WeCom chat with them.
  await page.getByRole('link', { name: 'Catalog' }).click();
  await page.getByRole('link', { name: 'payments-api' }).first().click();
  const card = page.getByRole('region', { name: 'WeCom on-call & incidents' });
  await expect(card).toContainText(INCIDENT);
  await expect(card).toContainText(`Schedule ${SCHEDULE}`);
  const message = card.getByRole('link', { name: /^Message .* on WeCom$/ });
  await expect(message.first()).toHaveAttribute(
    'href',
    'wxwork://message?username=guest',
  );
  await shotOf(card, '22-entity-oncall-card');

  // The home page: the guest's open incident and next shifts.
  await page.getByRole('link', { name: 'Home' }).first().click();
  await expect(
    page.getByRole('list', { name: 'My open incidents' }),
  ).toContainText(INCIDENT);
  await expect(
    page.getByRole('list', { name: 'My next on-call shifts' }),
  ).toContainText(SCHEDULE);
  await shot(page, '23-home-oncall-cards');
});
