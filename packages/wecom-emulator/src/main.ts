/*
 * CLI entry: `yarn workspace wecom-emulator start`.
 * PORT (default 7701), HOST (default: every interface), PUBLIC_URL (default
 * http://localhost:PORT), BACKSTAGE_URL (where the demo corp calls back;
 * default http://localhost:7007) and WECOM_EMULATOR_CONFIG (an options JSON
 * file; default: the demo corp).
 */
import { DEMO_EMULATOR_PORT, demoEmulatorOptions } from './demo';
import { loadEmulatorOptions } from './config';
import { startEmulator } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? DEMO_EMULATOR_PORT);
  const configPath = process.env.WECOM_EMULATOR_CONFIG;
  const options = configPath
    ? await loadEmulatorOptions(configPath)
    : demoEmulatorOptions({ backstageUrl: process.env.BACKSTAGE_URL });
  const emulator = await startEmulator({
    ...options,
    port,
    host: process.env.HOST || undefined,
    publicUrl:
      process.env.PUBLIC_URL ?? options.publicUrl ?? `http://localhost:${port}`,
  });
  const corps = [...emulator.state.directory.corps.values()];
  process.stdout.write(
    `WeCom emulator listening on ${emulator.publicUrl} (${
      configPath ?? 'demo corp'
    }; ` +
      `${corps
        .map(c => `${c.corpId}: ${c.users.size} users`)
        .join(', ')}). Open it in a browser to click cards.\n`,
  );
  const stop = () => {
    emulator.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(
    `wecom-emulator failed to start: ${error?.message ?? error}\n`,
  );
  process.exit(1);
});
