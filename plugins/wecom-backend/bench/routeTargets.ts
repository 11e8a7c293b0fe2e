/* eslint-disable no-console */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { decrypt, getSignature } from '@wecom/crypto';
import { wecomCallbacksExtensionPoint } from 'backstage-plugin-wecom-node';
import express from 'express';
import Router from 'express-promise-router';
import { createServer } from 'node:http';
import { wecomPlugin } from '../src/plugin';

/**
 * The servers the route benchmark loads, each in a child process of its own
 * (forked by callbackRoute.ts) so that the load generator and the server do
 * not share an event loop:
 *
 * - `backstage`: a real Backstage backend (`createBackend()` of
 *   @backstage/backend-defaults, with its whole middleware stack) with only
 *   the WeCom plugin, SQLite in memory, and a handler that counts the app
 *   events the queue delivers;
 * - `bare`: `node:http` doing what WeCom's own sample does (signature and
 *   decrypt with `@wecom/crypto`) and nothing else.
 *
 * The parent talks over IPC: the child says `{ready, port}`, answers
 * `stats` with `{handled, cpuMicros}`, and exits on `stop`.
 */

export interface RouteTargetSettings {
  port: number;
  token: string;
  encodingAESKey: string;
  corpId: string;
}

type Send = (message: object) => void;

/** CPU time this process has used, user and system, in microseconds. */
function cpuMicros() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function startBackstage(settings: RouteTargetSettings, send: Send) {
  let handled = 0;
  const counter = createBackendModule({
    pluginId: 'wecom',
    moduleId: 'bench-counter',
    register(env) {
      env.registerInit({
        deps: {
          callbacks: wecomCallbacksExtensionPoint,
          httpRouter: coreServices.httpRouter,
        },
        async init({ callbacks, httpRouter }) {
          callbacks.addAppEventHandler({
            name: 'bench-counter',
            types: '*',
            handle: async () => {
              handled++;
            },
          });
          // The plugin floor: Backstage's per-plugin middleware and the same
          // body parsing as the callback route, and nothing of ours.
          const router = Router();
          router.post(
            '/bench/noop',
            express.text({ type: () => true, limit: 64 * 1024 }),
            (_req, res) => {
              res.type('text/plain').send('success');
            },
          );
          httpRouter.use(router);
          httpRouter.addAuthPolicy({
            path: '/bench/noop',
            allow: 'unauthenticated',
          });
        },
      });
    },
  });
  const baseUrl = `http://127.0.0.1:${settings.port}`;
  const config: JsonObject = {
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port: settings.port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    app: { baseUrl: 'http://127.0.0.1:3000' },
    wecom: {
      secretsKey: 'a-bench-sealing-key-of-at-least-32-characters',
      integrations: [
        {
          id: 'bench',
          name: 'Bench Corp',
          corpId: settings.corpId,
          agentId: 1000002,
          secret: 'bench-app-secret-not-used',
          // Nothing in this benchmark calls WeCom; a closed port fails fast.
          apiBaseUrl: 'http://127.0.0.1:9',
          callback: {
            token: settings.token,
            encodingAESKey: settings.encodingAESKey,
          },
        },
      ],
    },
  };

  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () => new ConfigReader(config),
    }),
  );
  backend.add(wecomPlugin);
  backend.add(counter);
  await backend.start();

  send({ ready: true, port: settings.port });
  return {
    stats: () => ({ handled, cpuMicros: cpuMicros() }),
    stop: () => backend.stop(),
  };
}

async function startBare(settings: RouteTargetSettings, send: Send) {
  let handled = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const body = Buffer.concat(chunks).toString('utf8');
      const start = body.indexOf('<Encrypt><![CDATA[');
      const end = body.indexOf(']]></Encrypt>', start);
      const encrypt = start < 0 || end < 0 ? '' : body.slice(start + 18, end);
      const signature = getSignature(
        settings.token,
        query.get('timestamp') ?? '',
        query.get('nonce') ?? '',
        encrypt,
      );
      if (!encrypt || signature !== query.get('msg_signature')) {
        res.writeHead(401).end('bad signature');
        return;
      }
      const { message } = decrypt(settings.encodingAESKey, encrypt);
      handled += message.length > 0 ? 1 : 0;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('success');
    });
  });
  await new Promise<void>(resolve =>
    server.listen(settings.port, '127.0.0.1', resolve),
  );
  send({ ready: true, port: settings.port });
  return {
    stats: () => ({ handled, cpuMicros: cpuMicros() }),
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

async function main() {
  const [mode, json] = process.argv.slice(2);
  const settings = JSON.parse(json) as RouteTargetSettings;
  const send: Send = message => process.send!(message);
  const target =
    mode === 'bare'
      ? await startBare(settings, send)
      : await startBackstage(settings, send);
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'stats') send({ stats: target.stats() });
    if (message.type === 'stop') {
      await target.stop();
      process.exit(0);
    }
  });
  // Never outlive the benchmark.
  process.on('disconnect', () => process.exit(0));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
