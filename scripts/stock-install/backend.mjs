// Checks a running stock backend with our plugins, as a guest user:
// the WeCom API answers, the scaffolder lists our action, and the `wecom`
// auth provider is registered. Prints one line per check and appends each
// result to the results file.
//
//   node backend.mjs <results.jsonl> <label> <backendBaseUrl> <backendLog>
import { readFileSync } from 'node:fs';
import { record } from './results.mjs';

const [resultsFile, label, baseUrl, logFile] = process.argv.slice(2);

async function check(name, run) {
  try {
    await run();
    record(resultsFile, `${label}: ${name}`, 'passed');
  } catch (error) {
    record(resultsFile, `${label}: ${name}`, 'failed', String(error.message));
  }
}

async function request(path, init = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: { 'x-requested-with': 'XMLHttpRequest', ...init.headers },
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

const session = await request('/api/auth/guest/refresh');
const token = session.body?.backstageIdentity?.token;
const auth = { headers: { authorization: `Bearer ${token}` } };

await check('GET /api/wecom/integrations answers', async () => {
  if (!token) throw new Error(`no guest token: HTTP ${session.status}`);
  const { status, body } = await request('/api/wecom/integrations', auth);
  const ids = body?.items?.map(item => item.id);
  if (status !== 200 || !ids?.includes('stock')) {
    throw new Error(`HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
});

await check('the scaffolder lists wecom:war-room:create', async () => {
  const { status, body } = await request('/api/scaffolder/v2/actions', auth);
  const ids = Array.isArray(body) ? body.map(action => action.id) : [];
  if (!ids.includes('wecom:war-room:create')) {
    throw new Error(`HTTP ${status}, actions: ${ids.join(', ') || body}`);
  }
});

await check('the wecom auth provider is registered', async () => {
  // Outside the WeCom workspace the provider refuses (401); an unknown
  // provider answers 404.
  const { status, body } = await request('/api/auth/wecom/refresh');
  const log = readFileSync(logFile, 'utf8');
  if (status === 404 || !log.includes('Configuring auth provider: wecom')) {
    throw new Error(`HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
});
