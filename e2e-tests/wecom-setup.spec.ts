import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import {
  DEMO_AGENT_ID,
  DEMO_APP_SECRET,
  DEMO_BOT_ENCODING_AES_KEY,
  DEMO_BOT_TOKEN,
  DEMO_CALLBACK_TOKEN,
  DEMO_CORP_ID,
  DEMO_ENCODING_AES_KEY,
  DEMO_INTEGRATION_ID,
} from 'wecom-emulator';
import { E2E_URLS } from '../playwright.config';

// One admin's first day, through the UI only: create the integration that
// points at the emulator, let WeCom verify the callback URL, test the
// connection, run One-Click Link, then sign in from the WeCom workspace.
test.describe.configure({ mode: 'serial' });

const artifacts = path.join(__dirname, '..', 'e2e-artifacts');
const shot = (page: Page, name: string) =>
  page.screenshot({
    path: path.join(artifacts, `${name}.png`),
    fullPage: true,
  });

async function signInAsGuest(page: Page) {
  await page.goto('/wecom');
  const enter = page.getByRole('button', { name: 'Enter' });
  const signedIn = page.getByRole('heading', { name: 'WeCom', exact: true });
  // A browser that entered before may be let in again without asking.
  await expect(enter.or(signedIn).first()).toBeVisible();
  if (await enter.isVisible()) await enter.click();
  await expect(signedIn).toBeVisible();
}

async function emulator(pathName: string, body: unknown) {
  const response = await fetch(`${E2E_URLS.emulator}/_emulator${pathName}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return response.json();
}

test('an admin connects WeCom and links the team', async ({ page }) => {
  await signInAsGuest(page);

  // Create the integration through the setup form.
  await page.getByRole('button', { name: 'Add integration' }).click();
  await page
    .getByLabel('Integration ID', { exact: true })
    .fill(DEMO_INTEGRATION_ID);
  await page.getByLabel('Name', { exact: true }).fill('Demo Corp (e2e)');
  await page.getByLabel('Corp ID', { exact: true }).fill(DEMO_CORP_ID);
  await page.getByLabel('AgentId', { exact: true }).fill(String(DEMO_AGENT_ID));
  await page.getByLabel('Secret', { exact: true }).fill(DEMO_APP_SECRET);
  await page
    .getByRole('switch', { name: 'Private deployment' })
    .check({ force: true });
  await page.getByLabel('Endpoint', { exact: true }).fill(E2E_URLS.emulator);
  await page
    .getByLabel('Callback Token', { exact: true })
    .fill(DEMO_CALLBACK_TOKEN);
  await page
    .getByLabel('Callback EncodingAESKey', { exact: true })
    .fill(DEMO_ENCODING_AES_KEY);
  await page.getByLabel('Bot Token', { exact: true }).fill(DEMO_BOT_TOKEN);
  await page
    .getByLabel('Bot EncodingAESKey', { exact: true })
    .fill(DEMO_BOT_ENCODING_AES_KEY);
  await page
    .getByRole('switch', { name: 'Enable War Room' })
    .check({ force: true });
  // The emulated corp's members cannot edit their email, so personal email
  // is safe to match there (it is off by default).
  await page
    .getByRole('switch', { name: 'Match by personal email' })
    .check({ force: true });
  await page.getByRole('button', { name: 'Save' }).click();

  // The URLs to paste into WeCom are shown.
  const base = `${E2E_URLS.backend}/api/wecom/integrations/${DEMO_INTEGRATION_ID}`;
  await expect(page.getByText(`${base}/callback`).first()).toBeVisible();
  await expect(page.getByText(`${base}/workspace`).first()).toBeVisible();
  await expect(page.getByText('localhost:7017').first()).toBeVisible();
  await shot(page, '01-integration-created');

  // WeCom verifies the Callback URL when the admin saves it in its console.
  const verified = await emulator('/callbacks/verify', {
    corpId: DEMO_CORP_ID,
  });
  expect(verified.ok).toBe(true);

  const setup = page.getByRole('dialog', { name: /is set up in Backstage/ });
  await setup.getByRole('button', { name: 'Test connection' }).click();
  // The emulator does not verify the bot's callback URL, so the bot check
  // stays 'unknown' (its keys decrypt a sample); nothing fails.
  await expect(
    setup.getByText('No check failed; 1 could not be confirmed'),
  ).toBeVisible();
  await expect(
    setup.getByRole('list', { name: 'Health checks' }).getByRole('listitem'),
  ).toHaveCount(7);
  await shot(page, '02-connection-tested');
  await setup.getByRole('button', { name: 'Done' }).click();

  // One-Click Link finds the team by mobile and email.
  await page.getByRole('tab', { name: 'Linked Users' }).click();
  await page.getByRole('button', { name: 'One-Click Link' }).click();
  const summary = page.getByRole('region', { name: 'One-Click Link result' });
  await expect(summary).toBeVisible({ timeout: 60_000 });
  // Eight members are in the emulated corp; newhire joined Backstage first.
  await expect(summary).toContainText('Linked 8');
  await expect(summary).toContainText('Not found 1');
  await page.getByRole('button', { name: 'Linked', exact: true }).click();
  // By mobile, and by personal email (ZhaoLiu has no mobile), which the
  // result lists for review.
  for (const [name, wecomUserId] of [
    ['张三', 'ZhangSan'],
    ['赵六', 'ZhaoLiu'],
  ]) {
    await expect(page.getByRole('row').filter({ hasText: name })).toContainText(
      wecomUserId,
    );
  }
  await expect(summary).toContainText('Linked by personal email (1)');
  await shot(page, '03-one-click-link');
});

const homepage = `${E2E_URLS.backend}/api/wecom/integrations/${DEMO_INTEGRATION_ID}/workspace`;

test('a member opens the app from the WeCom workspace', async ({ browser }) => {
  await emulator('/oauth/current-user', {
    corpId: DEMO_CORP_ID,
    userid: 'guest',
  });

  // First visit: signed in to Backstage the usual way, the member confirms
  // the link the page proposes.
  const first = await browser.newContext();
  const page = await first.newPage();
  await signInAsGuest(page);
  await page.getByRole('tab', { name: 'Linked Users' }).click();
  const guestRow = page
    .getByRole('row')
    .filter({ hasText: 'guest@example.com' });
  await guestRow.getByRole('button', { name: 'Unlink' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Unlink' })
    .click();
  await expect(guestRow).toContainText('Not linked');

  await page.goto(homepage);
  await expect(
    page.getByRole('heading', { name: 'Link your WeCom account?' }),
  ).toBeVisible();
  await expect(page.getByText('Demo Corp (e2e)')).toBeVisible();
  await expect(page.getByText('user:default/guest')).toBeVisible();
  await shot(page, '04-workspace-confirm-link');
  await page.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(page.getByText(/linked to WeCom member guest/i)).toBeVisible();
  await shot(page, '04-workspace-linked');
  await first.close();

  // Later visit, a browser with no Backstage session: no password, no
  // sign-in button — WeCom's OAuth2 identity signs the member in, and with
  // the link already there the app opens straight away.
  const later = await browser.newContext();
  const again = await later.newPage();
  await again.goto(homepage);
  await expect(again).toHaveURL(/\/wecom$/, { timeout: 60_000 });
  await expect(
    again.getByRole('heading', { name: 'WeCom', exact: true }),
  ).toBeVisible();
  await expect(again.getByRole('button', { name: 'Enter' })).toHaveCount(0);
  await shot(again, '05-workspace-passwordless');

  // Signing out forgets the WeCom identity: the sign-in page stays, also
  // after a reload, instead of signing the browser straight back in.
  await again.goto('/settings');
  await again.getByTestId('user-settings-menu').click();
  await again.getByTestId('sign-out').click();
  // Signing out reloads the whole app, which the dev server serves slowly.
  const enter = again.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible({ timeout: 60_000 });
  await again.reload();
  await expect(enter).toBeVisible({ timeout: 60_000 });
  expect((await later.cookies()).map(cookie => cookie.name)).not.toContain(
    'wecom-workspace-identity',
  );
  await shot(again, '06-workspace-signed-out');
  await later.close();
});

test('a sign-in link forwarded to a colleague links nobody', async ({
  browser,
}) => {
  // WangWu starts the sign-in in their own browser and stops before
  // Backstage's callback: they hold a valid code and state.
  await emulator('/oauth/current-user', {
    corpId: DEMO_CORP_ID,
    userid: 'WangWu',
  });
  const attacker = await browser.newContext();
  const start = await attacker.request.get(homepage, { maxRedirects: 0 });
  expect(start.status()).toBe(302);
  const wecom = await attacker.request.get(start.headers().location, {
    maxRedirects: 0,
  });
  const callbackUrl = wecom.headers().location;
  expect(callbackUrl).toContain('/workspace/callback?code=');

  // The colleague, signed in to Backstage, opens it in their browser.
  const victim = await browser.newContext();
  const page = await victim.newPage();
  await signInAsGuest(page);
  const refused = await page.goto(callbackUrl);
  expect(refused?.status()).toBe(400);
  await expect(page.getByText(/not started in this browser/)).toBeVisible();
  await shot(page, '07-forwarded-callback-refused');
  const cookies = (await victim.cookies()).map(cookie => cookie.name);
  expect(cookies).not.toContain('wecom-workspace-identity');
  expect(cookies).not.toContain('wecom-workspace-ticket');

  // The colleague's account is still linked to their own member only (the
  // app was left for the refusal page: the guest enters again).
  await signInAsGuest(page);
  await page.getByRole('tab', { name: 'Linked Users' }).click();
  await expect(
    page.getByRole('row').filter({ hasText: 'guest@example.com' }),
  ).not.toContainText('WangWu');
  await attacker.close();
  await victim.close();
});

test('an incident reaches the team in WeCom and a click moves it', async ({
  page,
}) => {
  await signInAsGuest(page);
  // Through the sidebar, as a person goes: a full reload would show the
  // sign-in page again (the guest session lives in the page).
  await page.getByRole('link', { name: 'Incidents' }).click();
  await page.getByRole('button', { name: 'New incident' }).click();
  const form = page.getByRole('dialog', { name: 'New incident' });
  await form
    .getByRole('textbox', { name: 'Title', exact: true })
    .fill('Payments API 5xx above 5%');
  // The radio input is visually hidden behind its styled label: click the
  // label, as a person does, and check that it took.
  await form.getByText('Critical', { exact: true }).click();
  await expect(form.getByRole('radio', { name: 'Critical' })).toBeChecked();
  await form
    .getByRole('textbox', { name: 'Entity', exact: true })
    .fill('payments-api');
  await form.getByRole('button', { name: 'Create' }).click();

  // The payments team's linked members got the card; the page shows it.
  const deliveries = page.getByRole('grid', { name: 'Deliveries' });
  for (const member of ['JohnDoe', 'ZhangSan', 'LiSi', 'ChenJing']) {
    await expect(
      deliveries.getByRole('row').filter({ hasText: member }),
    ).toContainText('Sent');
  }
  await shot(page, '06-incident-cards-sent');

  // ZhangSan presses Start Processing on the card in WeCom.
  const cards = await (
    await fetch(`${E2E_URLS.emulator}/_emulator/messages?userid=ZhangSan`)
  ).json();
  const card = cards.find((m: { taskId?: string }) => m.taskId);
  const incidentId = new URL(page.url()).pathname.split('/').pop();
  await emulator('/cards/click', {
    userid: 'ZhangSan',
    taskId: card.taskId,
    eventKey: `inc:${incidentId}:start`,
  });
  // The page follows: processing, acknowledged by ZhangSan's Backstage user,
  // and every recipient's card now shows the new status.
  await expect(
    page.getByRole('button', { name: 'Start processing' }),
  ).toHaveCount(0, { timeout: 30_000 });
  await expect(
    page.getByText('Processing', { exact: true }).first(),
  ).toBeVisible();
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText(
    'user:default/zhangsan',
  );
  for (const member of ['JohnDoe', 'ZhangSan', 'LiSi', 'ChenJing']) {
    await expect(
      deliveries.getByRole('row').filter({ hasText: member }),
    ).toContainText('Processing');
  }
  await shot(page, '07-incident-processing-from-wecom');
});

async function emulatorChats(): Promise<
  Array<{
    chatid: string;
    name: string;
    userlist: string[];
    messages: unknown[];
  }>
> {
  const response = await fetch(`${E2E_URLS.emulator}/_emulator/chats`);
  expect(response.ok).toBe(true);
  return response.json();
}

test('War Rooms open from the incident page and from the template', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'Incidents' }).click();
  await page.getByRole('link', { name: 'Payments API 5xx above 5%' }).click();

  // The button on the incident page: the payments team and the requester.
  const warRoom = page.getByRole('region', { name: 'War Room' });
  await warRoom.getByRole('button', { name: 'Create War Room' }).click();
  await page
    .getByRole('dialog', { name: 'Create War Room' })
    .getByRole('button', { name: 'Create' })
    .click();
  await expect(warRoom.getByText('Active', { exact: true })).toBeVisible({
    timeout: 30_000,
  });
  const members = warRoom.getByRole('grid', { name: 'War Room members' });
  for (const member of ['JohnDoe', 'ZhangSan', 'LiSi', 'ChenJing']) {
    await expect(members).toContainText(member);
  }
  const [chat] = await emulatorChats();
  expect(chat.name).toMatch(/^\[CRITICAL\] #\w{8} Payments API 5xx/);
  expect(chat.userlist).toEqual(
    expect.arrayContaining(['JohnDoe', 'ZhangSan', 'LiSi', 'ChenJing']),
  );
  // The incident summary, then the analysis.
  expect(chat.messages).toHaveLength(2);
  await shot(page, '08-war-room-created');

  // Dismissing keeps the WeCom group and says goodbye in it.
  await warRoom.getByRole('button', { name: 'Dismiss' }).click();
  await page
    .getByRole('dialog', { name: 'Dismiss the War Room?' })
    .getByRole('button', { name: 'Dismiss' })
    .click();
  // The badge (the first of two: the details say who dismissed it).
  await expect(
    warRoom.getByText('Dismissed', { exact: true }).first(),
  ).toBeVisible();
  const afterDismiss = await emulatorChats();
  expect(afterDismiss).toHaveLength(1);
  expect(afterDismiss[0].messages).toHaveLength(3);

  // The scaffolder template, opened from another incident's page.
  await page.getByRole('link', { name: 'Incidents', exact: true }).click();
  await page.getByRole('button', { name: 'New incident' }).click();
  const form = page.getByRole('dialog', { name: 'New incident' });
  await form
    .getByRole('textbox', { name: 'Title', exact: true })
    .fill('Gateway latency p99 above 2s');
  await form.getByText('High', { exact: true }).click();
  await form
    .getByRole('textbox', { name: 'Entity', exact: true })
    .fill('api-gateway');
  await form.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('link', { name: 'Create with template' }).click();
  await expect(page.getByText('Create a War Room').first()).toBeVisible();
  await shot(page, '09-war-room-template');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('link', { name: 'Open the incident' }).click();
  await expect(warRoom.getByText('Active', { exact: true })).toBeVisible();
  // The platform team owns the gateway.
  for (const member of ['WangWu', 'ZhaoLiu', 'AliceSmith']) {
    await expect(members).toContainText(member);
  }
  const chats = await emulatorChats();
  expect(chats).toHaveLength(2);
  expect(chats[1].name).toMatch(/^\[HIGH\] #\w{8} Gateway latency/);
  await shot(page, '10-war-room-from-template');

  // The service's catalog page lists its incidents' War Rooms.
  await page
    .getByRole('link', { name: 'component:default/api-gateway' })
    .click();
  const entityCard = page.getByRole('region', { name: 'War Rooms' });
  await expect(
    entityCard.getByRole('row').filter({ hasText: 'Gateway latency' }),
  ).toContainText('Active');
  await shot(page, '11-entity-war-rooms');

  // Only one integration may create War Rooms: a second cannot turn it on
  // (the backend refuses it too, with the same reason).
  await page.getByRole('link', { name: 'WeCom', exact: true }).click();
  await page.getByRole('button', { name: 'Add integration' }).click();
  await expect(
    page.getByRole('switch', { name: 'Enable War Room' }),
  ).toBeDisabled();
  await expect(
    page.getByText(/War Room is enabled on Demo Corp \(e2e\); only one/),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.goto(E2E_URLS.emulator);
  await shot(page, '12-war-rooms-in-wecom');
});

/** Asks the smart bot from a chat on the emulator's page, as WeCom's client would. */
async function askTheBot(
  page: Page,
  chat: ReturnType<Page['locator']>,
  from: string,
  text: string,
) {
  const form = chat.locator('form.ask');
  await form.getByLabel('From').selectOption(from);
  await form.getByLabel('Message to the bot').fill(text);
  await form.getByRole('button', { name: 'Ask the bot' }).click();
  // The page refreshes the stream until the bot finishes, then reloads.
  const answer = page.locator('#bot-answers li').first();
  await expect(answer).toContainText(`${from} · ${text}`, { timeout: 60_000 });
  await expect(answer).toContainText('finished');
  return answer.locator('.bot-answer');
}

test('the AI SRE answers in the War Room and writes the post-mortem', async ({
  page,
}) => {
  // In WeCom: the War Room of the gateway incident, where WangWu asks the bot.
  await page.goto(E2E_URLS.emulator);
  const warRoomChat = page
    .locator('.card')
    .filter({ hasText: 'Gateway latency p99 above 2s' })
    .filter({ has: page.locator('form.ask') });
  let answer = await askTheBot(
    page,
    warRoomChat,
    'WangWu',
    '@bot what is happening?',
  );
  // The answer streamed over refreshes is about the War Room's incident.
  await expect(answer).toContainText('Gateway latency p99 above 2s');
  await shot(page, '13-bot-answers-in-war-room');

  answer = await askTheBot(
    page,
    warRoomChat,
    'WangWu',
    '@bot start processing',
  );
  await expect(answer).toContainText('is now **Processing');
  answer = await askTheBot(
    page,
    warRoomChat,
    'WangWu',
    '@bot root cause: the gateway certificate had expired',
  );

  // In Backstage: the bot moved the incident as WangWu's linked user.
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'Incidents' }).click();
  await page
    .getByRole('link', { name: 'Gateway latency p99 above 2s' })
    .click();
  await expect(page.getByText('Processing').first()).toBeVisible();
  await expect(page.getByText('user:default/wangwu').first()).toBeVisible();

  const postmortem = page.getByRole('region', { name: 'Post-mortem' });
  await expect(postmortem).toContainText(
    'Post-mortems are written once the incident is closed.',
  );
  await page
    .getByRole('group', { name: 'Incident actions' })
    .getByRole('button', { name: 'Close' })
    .click();
  await postmortem
    .getByRole('button', { name: 'Generate post-mortem' })
    .click();
  const text = postmortem.getByRole('document', { name: 'Post-mortem text' });
  for (const section of [
    'Summary',
    'Impact',
    'Timeline',
    'Root cause',
    'Corrective actions',
    'Lessons learned',
  ]) {
    await expect(text.getByRole('heading', { name: section })).toBeVisible();
  }
  // What was said in the War Room made it in.
  await expect(text).toContainText('the gateway certificate had expired');
  await shot(page, '14-postmortem-generated');

  // Edit it, download it, post it to the War Room.
  await postmortem.getByRole('button', { name: 'Edit' }).click();
  const editor = page.getByRole('dialog', { name: 'Edit post-mortem' });
  const markdown = editor.getByLabel('Markdown');
  await markdown.fill(
    `${await markdown.inputValue()}\n\nRenew certificates 30 days ahead.`,
  );
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(text).toContainText('Renew certificates 30 days ahead.');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    postmortem.getByRole('button', { name: 'Download .md' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^postmortem-\w+\.md$/);

  const before = (await emulatorChats()).find(chat =>
    chat.name.includes('Gateway latency'),
  );
  await postmortem.getByRole('button', { name: 'Post to War Room' }).click();
  await page
    .getByRole('dialog', { name: 'Post the post-mortem to the War Room?' })
    .getByRole('button', { name: 'Post' })
    .click();
  await expect(postmortem).toContainText('Posted to the War Room');
  const after = (await emulatorChats()).find(chat =>
    chat.name.includes('Gateway latency'),
  );
  expect(after!.messages.length).toBeGreaterThan(before!.messages.length);
  expect(
    JSON.stringify(after!.messages.slice(before!.messages.length)),
  ).toContain('Renew certificates 30 days ahead.');
  await shot(page, '15-postmortem-posted');
});
