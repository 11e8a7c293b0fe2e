import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import {
  DEMO_AGENT_ID,
  DEMO_CORP_ID,
  DEMO_SUITE_ID,
  DEMO_SUITE_NAME,
} from 'wecom-emulator';
import { E2E_URLS } from '../playwright.config';

// Third-party app mode, through the UI: the corp only installs the service
// provider's suite (app-config.e2e.yaml's wecom.suites, the emulator's demo
// suite). The admin enters the Corp ID; WeCom pushes the suite ticket and
// the authorization; the corp's member gets the incident card.
//
// This file runs before wecom-setup.spec.ts (files run in name order) and
// deletes its integration at the end: incident cards go out through the
// War Room integration when there is one, so after that spec's custom app
// this integration would not be the one sending.
test.describe.configure({ mode: 'serial' });

const INTEGRATION_NAME = 'Demo Corp (third-party)';
const INCIDENT_TITLE = 'Tenant replication lag above 30s';

const artifacts = path.join(__dirname, '..', 'e2e-artifacts');
const shot = (page: Page, name: string) =>
  page.screenshot({
    path: path.join(artifacts, `third-party-${name}.png`),
    fullPage: true,
  });

async function signInAsGuest(page: Page) {
  await page.goto('/wecom');
  const enter = page.getByRole('button', { name: 'Enter' });
  const signedIn = page.getByRole('heading', { name: 'WeCom', exact: true });
  await expect(enter.or(signedIn).first()).toBeVisible();
  if (await enter.isVisible()) await enter.click();
  await expect(signedIn).toBeVisible();
}

/** WeCom's side, through the emulator's control API. */
async function emulator(pathName: string, body: unknown) {
  const response = await fetch(`${E2E_URLS.emulator}/_emulator${pathName}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return response.json();
}

async function emulatorGet(pathName: string) {
  const response = await fetch(`${E2E_URLS.emulator}/_emulator${pathName}`);
  expect(response.ok).toBe(true);
  return response.json();
}

test.afterAll(async ({ browser }) => {
  // Leave no third-party integration behind for the specs that follow,
  // also when a step above failed.
  const page = await browser.newPage();
  await signInAsGuest(page);
  const remove = page.getByRole('button', {
    name: `Delete ${INTEGRATION_NAME}`,
  });
  if (await remove.isVisible()) {
    await remove.click();
    await page
      .getByRole('dialog', { name: `Delete ${INTEGRATION_NAME}?` })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect(remove).toHaveCount(0);
  }
  await page.close();
});

test('third-party app mode: the corp installs the suite and its member gets the card', async ({
  page,
}) => {
  await signInAsGuest(page);

  // The admin adds the integration with the Corp ID alone.
  await page.getByRole('button', { name: 'Add integration' }).click();
  const form = page.getByRole('dialog', { name: 'Add integration' });
  // The radio input is visually hidden behind its label: click the label.
  await form.getByText('Third-party app', { exact: true }).click();
  await expect(
    form.getByRole('radio', { name: 'Third-party app' }),
  ).toBeChecked();
  await form.getByLabel('Integration ID', { exact: true }).fill('tenant');
  await form.getByLabel('Name', { exact: true }).fill(INTEGRATION_NAME);
  await form.getByLabel('Corp ID', { exact: true }).fill(DEMO_CORP_ID);
  // The only suite Backstage has is named; nothing else is asked.
  await expect(
    form.getByText(`${DEMO_SUITE_NAME} (${DEMO_SUITE_ID})`),
  ).toBeVisible();
  for (const label of [
    'AgentId',
    'Secret',
    'Endpoint',
    'Callback Token',
    'Callback EncodingAESKey',
  ]) {
    await expect(form.getByLabel(label, { exact: true })).toHaveCount(0);
  }
  await expect(
    form.getByRole('switch', { name: 'Private deployment' }),
  ).toHaveCount(0);
  await expect(
    form.getByRole('switch', { name: 'Enable War Room' }),
  ).toBeDisabled();
  await expect(
    form.getByText(/only a self-built app whose visible range/),
  ).toBeVisible();
  await shot(page, '01-form');
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = page.getByRole('dialog', { name: /is set up in Backstage/ });
  await expect(saved).toBeVisible();
  await saved.getByRole('button', { name: 'Done' }).click();

  // Until the corp installs the app, nothing can be sent.
  const setup = page.getByRole('region', {
    name: `Setup of ${INTEGRATION_NAME}`,
  });
  await expect(setup).toContainText('Not authorized yet');

  // WeCom pushes the suite ticket, then the corp's admin installs the app.
  await emulator('/suites/ticket', { suiteId: DEMO_SUITE_ID });
  const installed = await emulator('/suites/authorize', {
    suiteId: DEMO_SUITE_ID,
  });
  expect(installed.body).toBe('success');

  // The integration page shows the authorization and the agent.
  await signInAsGuest(page);
  await expect(setup).toContainText(`app ${DEMO_AGENT_ID}`);
  await expect(setup).toContainText('Authorized by');
  await shot(page, '02-authorized');

  // Link WangWu's Backstage user to their member of the corp by hand.
  await page.getByRole('tab', { name: 'Linked Users' }).click();
  const wangwuRow = page
    .getByRole('row')
    .filter({ hasText: 'wangwu@example.com' });
  await wangwuRow.getByRole('button', { name: 'Link', exact: true }).click();
  const linkDialog = page.getByRole('dialog');
  await linkDialog.getByLabel('WeCom userid').fill('WangWu');
  await linkDialog.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(wangwuRow).toContainText('WangWu');

  // An incident for WangWu: the card goes out with the corp token of the
  // permanent code, as the authorized agent.
  await page.getByRole('link', { name: 'Incidents' }).click();
  await page.getByRole('button', { name: 'New incident' }).click();
  const incident = page.getByRole('dialog', { name: 'New incident' });
  await incident
    .getByRole('textbox', { name: 'Title', exact: true })
    .fill(INCIDENT_TITLE);
  await incident.getByText('Critical', { exact: true }).click();
  await incident
    .getByRole('textbox', { name: 'Entity', exact: true })
    .fill('api-gateway');
  await incident
    .getByRole('textbox', { name: 'Responders', exact: true })
    .fill('user:default/wangwu');
  await incident.getByRole('button', { name: 'Create' }).click();
  const deliveries = page.getByRole('grid', { name: 'Deliveries' });
  await expect(
    deliveries.getByRole('row').filter({ hasText: 'WangWu' }),
  ).toContainText('Sent');
  await shot(page, '03-card-sent');

  // In WeCom: WangWu has the card, from the authorized app.
  const messages: Array<{
    taskId?: string;
    agentId: number;
    corpId: string;
    msgtype: string;
    content: unknown;
  }> = await emulatorGet(`/messages?userid=WangWu&corpId=${DEMO_CORP_ID}`);
  const card = messages.find(
    m =>
      m.msgtype === 'template_card' &&
      JSON.stringify(m.content).includes(INCIDENT_TITLE),
  );
  expect(card).toMatchObject({ agentId: DEMO_AGENT_ID, corpId: DEMO_CORP_ID });
  const calls = await emulatorGet('/calls?limit=0');
  expect(calls.byApi['service/get_corp_token']?.calls).toBeGreaterThan(0);
  expect(calls.byApi['service/get_permanent_code']?.calls).toBeGreaterThan(0);

  // WangWu presses Start processing on the card: WeCom posts the click to
  // the suite's data callback, and the incident follows.
  const incidentId = new URL(page.url()).pathname.split('/').pop();
  await emulator('/cards/click', {
    corpId: DEMO_CORP_ID,
    userid: 'WangWu',
    taskId: card!.taskId,
    eventKey: `inc:${incidentId}:start`,
  });
  await expect(
    page.getByRole('button', { name: 'Start processing' }),
  ).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText(
    'user:default/wangwu',
  );
  await expect(
    deliveries.getByRole('row').filter({ hasText: 'WangWu' }),
  ).toContainText('Processing');
  await shot(page, '04-processing-from-wecom');

  // Close it, so no escalation reaches WeCom during the next spec.
  await page
    .getByRole('group', { name: 'Incident actions' })
    .getByRole('button', { name: 'Close' })
    .click();
  await expect(page.getByText('Closed', { exact: true }).first()).toBeVisible();
});
