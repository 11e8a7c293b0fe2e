// Opens the stock app's /wecom page in headless Chromium (as a guest) and
// checks that the WeCom page renders the integration from config, with no
// uncaught error in the page, and that the stock sidebar links both pages.
//
//   node render.mjs <results.jsonl> <label> <appBaseUrl> <screenshot> <chromium>
import { chromium } from '@playwright/test';
import { record } from './results.mjs';

const [resultsFile, label, appUrl, screenshot, executablePath] =
  process.argv.slice(2);
const name = `${label}: /wecom renders in Chromium`;

const browser = await chromium.launch({
  executablePath,
  headless: true,
  // Chromium's own connections are refused on machines without internet.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const errors = [];
try {
  const page = await browser.newPage();
  page.on('pageerror', error => errors.push(error.message));
  await page.goto(`${appUrl}/wecom`, { timeout: 120_000 });
  const integration = page.getByText('Stock install corp').first();
  const guest = page.getByRole('button', { name: /enter/i }).first();
  await integration.or(guest).waitFor({ timeout: 120_000 });
  if (await guest.isVisible()) await guest.click();
  await integration.waitFor({ timeout: 60_000 });
  await page.screenshot({ path: screenshot, fullPage: true });
  if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
  record(resultsFile, name, 'passed');
  await checkNavItems(page);
} catch (error) {
  const page = browser.contexts()[0]?.pages()[0];
  await page?.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
  record(resultsFile, name, 'failed', error.message.split('\n')[0]);
  process.exitCode = 1;
} finally {
  await browser.close();
}

/**
 * The README promises a "WeCom" item in the sidebar: the stock app's nav
 * lists the pages it does not place itself (`nav.rest()`), so both of ours
 * must be there as links. A collapsed sidebar shows only their icons, so the
 * check reads the links, not the text on screen.
 */
async function checkNavItems(page) {
  const navName = `${label}: the sidebar links /wecom and /wecom/incidents`;
  const missing = [];
  for (const path of ['/wecom', '/wecom/incidents']) {
    const link = page.locator(`nav a[href="${path}"]`);
    if ((await link.count()) === 0) missing.push(path);
  }
  if (missing.length) {
    record(
      resultsFile,
      navName,
      'failed',
      `no nav link to ${missing.join(', ')}`,
    );
  } else {
    record(resultsFile, navName, 'passed');
  }
}
