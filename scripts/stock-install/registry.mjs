// A local npm registry for the stock-install test: it serves our packed
// tarballs as if they were published, and passes every other request on to
// the real registry. With it, the README's `yarn add` lines run unchanged
// in a freshly generated app. Tarball links in the packuments it passes on
// point back to it, so yarn records ordinary `npm:` resolutions.
//
// Usage: node registry.mjs <port-file> <upstream> <tarball>...
// Writes the port it listens on (on localhost) to <port-file>.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';

const [portFile, upstreamArg, ...tarballs] = process.argv.slice(2);
const upstream = upstreamArg.replace(/\/$/, '');

/** name -> { manifest, bytes } for each of our packages. */
const ours = new Map();
for (const file of tarballs) {
  const bytes = readFileSync(file);
  const manifest = JSON.parse(
    execFileSync('tar', ['xzf', file, '-O', 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
  ours.set(manifest.name, { manifest, bytes });
}

let base = '';

// The upstream registry is reached through a proxy that now and then drops
// a connection or answers 5xx: three tries, so one blip does not fail an
// install (yarn retries too, but gives up on some errors at once).
async function fetchUpstream(url, init) {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await fetch(url, init);
      if (answer.status < 500 || attempt === 3) return answer;
      console.error(
        `::: local registry: ${url} answered ${answer.status}, retrying`,
      );
    } catch (error) {
      if (attempt === 3) throw error;
      console.error(
        `::: local registry: ${url} failed (${
          error.cause?.code ?? error.cause?.message ?? error
        }), retrying`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, attempt * 1000));
  }
}

function packument({ manifest, bytes }) {
  const { name, version } = manifest;
  // Apps from create-app hold new versions back (`npmMinimalAgeGate: 3d`
  // in .yarnrc.yml): ours read as published a week ago.
  const published = new Date(Date.now() - 7 * 24 * 3600_000).toISOString();
  return {
    name,
    'dist-tags': { latest: version },
    time: { created: published, modified: published, [version]: published },
    versions: {
      [version]: {
        ...manifest,
        dist: {
          tarball: `${base}/${name}/-/${name.split('/').pop()}-${version}.tgz`,
          shasum: createHash('sha1').update(bytes).digest('hex'),
          integrity: `sha512-${createHash('sha512')
            .update(bytes)
            .digest('base64')}`,
        },
      },
    },
  };
}

const server = createServer(async (req, res) => {
  try {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const [, name] =
      path.match(/^\/((?:@[^/]+\/)?[^/@][^/]*)(?:\/-\/.*)?$/) ?? [];
    const own = name && ours.get(name);
    if (own) {
      if (path.includes('/-/')) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(own.bytes);
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(packument(own)));
      }
      return;
    }
    const answer = await fetchUpstream(`${upstream}${req.url}`, {
      headers: req.headers.accept ? { accept: req.headers.accept } : {},
    });
    const type = answer.headers.get('content-type') ?? '';
    if (type.includes('json')) {
      const text = (await answer.text()).replaceAll(`${upstream}/`, `${base}/`);
      res.writeHead(answer.status, { 'content-type': type });
      res.end(text);
    } else {
      res.writeHead(answer.status, {
        'content-type': type || 'application/octet-stream',
      });
      res.end(Buffer.from(await answer.arrayBuffer()));
    }
  } catch (error) {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`stock-install registry: ${error}`);
  }
});

server.listen(0, 'localhost', () => {
  base = `http://localhost:${server.address().port}`;
  writeFileSync(portFile, String(server.address().port));
  console.log(
    `::: local registry at ${base}: ${[...ours.keys()].join(
      ', ',
    )}; the rest from ${upstream}`,
  );
});
