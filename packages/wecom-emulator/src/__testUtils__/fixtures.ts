import request from 'supertest';
import { DateTime } from 'luxon';
import { createEmulator } from '../server';
import type { WeComEmulator } from '../emulator';
import type { EmulatorCorp, EmulatorOptions } from '../types';

/** Test-only helpers shared by the emulator's own tests. */

export const CORP_ID = 'wwtest000000001';
export const MAIN_APP = { agentId: 1000002, secret: 'main-secret' };
export const LIMITED_APP = { agentId: 1000003, secret: 'limited-secret' };
export const FENCED_APP = { agentId: 1000004, secret: 'fenced-secret' };
export const CALLBACK = {
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
};

export function testCorp(overrides: Partial<EmulatorCorp> = {}): EmulatorCorp {
  return {
    corpId: CORP_ID,
    name: 'Test corp',
    apps: [
      { ...MAIN_APP, name: 'Main', allowUsers: 'all' },
      { ...LIMITED_APP, allowUsers: ['alice'], contactPermission: false },
      { ...FENCED_APP, trustedIps: ['10.1.2.3'] },
    ],
    users: [
      {
        userid: 'alice',
        name: 'Alice',
        mobile: '13900000001',
        bizMail: 'alice@corp.example',
        department: [2],
      },
      {
        userid: 'bob',
        name: 'Bob',
        mobile: '13900000002',
        email: 'bob@home.example',
        department: [2],
      },
      { userid: 'carol', name: '王芳', mobile: '13900000003', department: [3] },
    ],
    ...overrides,
  };
}

/** A fixed, advanceable start time so nothing depends on the wall clock. */
export const START = DateTime.fromISO('2025-01-06T09:00:00Z');

export function testEmulator(options: EmulatorOptions = {}): WeComEmulator {
  return createEmulator({
    corps: [testCorp()],
    clock: () => START,
    ...options,
  });
}

export async function tokenFor(
  emulator: WeComEmulator,
  app: { secret: string } = MAIN_APP,
  corpId = CORP_ID,
): Promise<string> {
  const res = await request(emulator.app)
    .get('/cgi-bin/gettoken')
    .query({ corpid: corpId, corpsecret: app.secret });
  if (res.body.errcode !== 0)
    throw new Error(`gettoken failed: ${JSON.stringify(res.body)}`);
  return res.body.access_token;
}

/** A button_interaction card as the plugin sends it. */
export function buttonCard(taskId: string) {
  return {
    card_type: 'button_interaction',
    main_title: { title: 'P1: checkout latency', desc: 'payments' },
    task_id: taskId,
    button_list: [
      { text: 'Start Processing', style: 1, key: 'ack' },
      { text: 'Close', style: 2, key: 'close' },
    ],
  };
}
