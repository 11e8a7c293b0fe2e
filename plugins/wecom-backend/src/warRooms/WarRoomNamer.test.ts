import { mockServices } from '@backstage/backend-test-utils';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import { warRoomChatId } from './warRoomChatId';
import { WarRoomNamer, truncateName } from './WarRoomNamer';

const incident: WeComIncident = {
  id: '3f2a9c1e-7b4d-4e8a-9c2b-1a2b3c4d5e6f',
  title: 'Payments API 5xx above 5%',
  severity: 'critical',
  status: 'triggered',
  entityRef: 'component:default/payments-api',
  responders: [],
  source: 'api',
  createdAt: '2026-11-27T09:00:00.000Z',
  updatedAt: '2026-11-27T09:00:00.000Z',
};

function namer(template?: string) {
  const logger = mockServices.logger.mock();
  return { namer: new WarRoomNamer({ template, logger }), logger };
}

describe('WarRoomNamer', () => {
  it('names by default with severity, short number and title', () => {
    expect(namer().namer.name(incident)).toBe(
      '[CRITICAL] #3F2A9C1E Payments API 5xx above 5%',
    );
  });

  it('uses the configured template and its variables', () => {
    const { namer: custom } = namer(
      '{{entityName}} {{severity}}/{{status}}: {{title}}',
    );
    expect(custom.name(incident)).toBe(
      'payments-api critical/triggered: Payments API 5xx…',
    );
    // No entity: the variable is empty, not "undefined".
    expect(
      custom.name({ ...incident, entityRef: undefined, title: 'Disk full' }),
    ).toBe('critical/triggered: Disk full');
  });

  it("cuts names to WeCom's 50 characters with an ellipsis", () => {
    const long = namer().namer.name({
      ...incident,
      title:
        '支付接口大量报错，结账失败率超过百分之五，请立即处理并通知相关团队负责人跟进',
    });
    expect(long.length).toBe(50);
    expect(long.endsWith('…')).toBe(true);
    expect(long.startsWith('[CRITICAL] #3F2A9C1E 支付接口')).toBe(true);
  });

  it('never splits a character made of several code units', () => {
    const cut = truncateName(`${'a'.repeat(48)}👍🏽 and more`);
    expect(cut).toBe(`${'a'.repeat(48)}…`);
    expect(truncateName('short')).toBe('short');
  });

  it('falls back to the default name, with a warning, when the template is broken', () => {
    const { namer: broken, logger } = namer('{{#if title}}unclosed');
    expect(broken.name(incident)).toBe(
      '[CRITICAL] #3F2A9C1E Payments API 5xx above 5%',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('wecom.warRoom.nameTemplate cannot be used'),
    );

    // Unknown helpers are refused too: only the built-in ones exist.
    const { namer: helper, logger: helperLogger } = namer('{{shout title}}');
    expect(helper.name(incident)).toContain('#3F2A9C1E');
    expect(helperLogger.warn).toHaveBeenCalled();
  });

  it('falls back to the default when the template renders nothing', () => {
    expect(namer('{{labels.none}}  ').namer.name(incident)).toBe(
      '[CRITICAL] #3F2A9C1E Payments API 5xx above 5%',
    );
  });
});

describe('warRoomChatId', () => {
  it('is the same for the same incident and integration, and WeCom-valid', () => {
    const id = warRoomChatId('demo', incident.id);
    expect(id).toBe(warRoomChatId('demo', incident.id));
    expect(id).toMatch(/^wr[0-9a-f]{30}$/);
    expect(id).toHaveLength(32);
  });

  it('differs between incidents and between integrations', () => {
    const ids = new Set([
      warRoomChatId('demo', incident.id),
      warRoomChatId('demo', 'another-incident'),
      warRoomChatId('other', incident.id),
    ]);
    expect(ids.size).toBe(3);
  });
});
