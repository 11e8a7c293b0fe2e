import { RecordingLogger } from '../../../__testUtils__/recordingLogger';
import { createSdkLogger } from './sdkLogger';

describe('createSdkLogger', () => {
  it('drops the SDK’s frame dumps, demotes its chatter and never passes the Secret on', () => {
    const logger = new RecordingLogger();
    const sdk = createSdkLogger(logger, ['s3cr3t-value']);

    sdk.debug('[server -> plugin] body={"text":"my password"}');
    sdk.info('Auth frame sent');
    sdk.warn('Heartbeat ack error:', { errcode: 1, errmsg: 'bad' });
    sdk.error('Failed with secret s3cr3t-value', new Error('boom'));

    expect(logger.lines.map(l => [l.level, l.message])).toEqual([
      ['debug', 'WeCom long connection: Auth frame sent'],
      ['warn', 'WeCom long connection: Heartbeat ack error: errcode 1 (bad)'],
      ['warn', 'WeCom long connection: Failed with secret [redacted] boom'],
    ]);
  });
});
