import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/** One request the stand-in received. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * A stand-in WeCom API on 127.0.0.1 that records every request: an
 * attacker's server in the security tests, or the "real" WeCom a test
 * rotates secrets against. Tokens name the secret they were issued for, so
 * a test can tell which secret a call was made with.
 */
export async function startRecordingWeCom(
  options: { userid?: string; authCorpId?: string } = {},
) {
  const requests: SeenRequest[] = [];
  const issuedFor = new Map<string, string>();
  const issue = (secret: unknown) => {
    const token = `token-${issuedFor.size + 1}-abcdefghijklmnop`;
    issuedFor.set(token, String(secret));
    return token;
  };
  const answer = (path: string, seen: SeenRequest): object => {
    const ok = { errcode: 0, errmsg: 'ok' };
    switch (path) {
      case '/cgi-bin/gettoken':
        return {
          ...ok,
          access_token: issue(seen.query.corpsecret),
          expires_in: 7200,
        };
      case '/cgi-bin/service/get_suite_token':
        return {
          ...ok,
          suite_access_token: issue(seen.body.suite_secret),
          expires_in: 7200,
        };
      case '/cgi-bin/service/get_corp_token':
        return {
          ...ok,
          access_token: issue(seen.body.permanent_code),
          expires_in: 7200,
        };
      case '/cgi-bin/service/get_permanent_code':
        return {
          ...ok,
          permanent_code: 'permanent-code-of-the-tenant-0123456789',
          auth_corp_info: { corpid: options.authCorpId ?? 'wwtenant' },
        };
      case '/cgi-bin/agent/get':
        return {
          ...ok,
          agentid: Number(seen.query.agentid),
          name: 'App',
          allow_userinfos: { user: [{ userid: 'zhangsan' }] },
        };
      case '/cgi-bin/user/get':
        return { ...ok, userid: seen.query.userid };
      case '/cgi-bin/auth/getuserinfo':
        return { ...ok, userid: options.userid ?? 'zhangsan' };
      default:
        return ok;
    }
  };
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', chunk => {
      text += chunk;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: text ? JSON.parse(text) : {},
      };
      requests.push(seen);
      if (!url.pathname.startsWith('/cgi-bin/')) {
        // Some other web server: what a wrong endpoint answers.
        res.statusCode = 404;
        res.setHeader('content-type', 'text/html');
        res.end('<html><body>Not found</body></html>');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer(url.pathname, seen)));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    /** The secret behind each request: sent in it, or behind its token. */
    secretsUsed: () =>
      requests.map(
        r =>
          r.query.corpsecret ??
          (r.body.suite_secret as string | undefined) ??
          (r.body.permanent_code as string | undefined) ??
          issuedFor.get(r.query.access_token ?? r.query.suite_access_token),
      ),
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A WebSocket server standing in for WeCom's long connection: records every
 * frame (the SDK's first one, `aibot_subscribe`, carries the bot's Secret).
 */
export async function startRecordingWebSocket() {
  const frames: string[] = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', socket => {
    socket.on('message', data => frames.push(String(data)));
  });
  await new Promise<void>(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    frames,
    close: () =>
      new Promise<void>(resolve => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
