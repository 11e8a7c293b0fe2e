import { defineConfig } from '@playwright/test';
import path from 'node:path';

// The end-to-end test runs the real thing: the WeCom emulator, the backend
// and the app's dev server, on ports of their own (app-config.e2e.yaml), in
// Debian's Chromium (no browser download is possible here).
const root = __dirname;
const configArgs = ['app-config.yaml', 'app-config.e2e.yaml']
  .map(file => `--config ${path.join(root, file)}`)
  .join(' ');

export const E2E_URLS = {
  app: 'http://localhost:3010',
  backend: 'http://localhost:7017',
  emulator: 'http://localhost:7711',
};

export default defineConfig({
  testDir: 'e2e-tests',
  outputDir: 'e2e-artifacts/output',
  timeout: 180_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: 'e2e-artifacts/results.json' }]]
    : [['list']],
  use: {
    baseURL: E2E_URLS.app,
    actionTimeout: 20_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: 'yarn workspace wecom-emulator start',
      env: { PORT: '7711', BACKSTAGE_URL: E2E_URLS.backend },
      url: `${E2E_URLS.emulator}/_emulator/state`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: `yarn workspace backend start ${configArgs}`,
      url: `${E2E_URLS.backend}/.backstage/health/v1/readiness`,
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: `yarn workspace app start ${configArgs}`,
      env: { BROWSER: 'none' },
      url: E2E_URLS.app,
      timeout: 400_000,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
