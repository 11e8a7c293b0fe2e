import { createHmac, hkdfSync } from 'node:crypto';
import {
  WECOM_WORKSPACE_IDENTITY_LIFETIME_SECONDS,
  WeComWorkspaceIdentitySigner,
} from './workspaceIdentity';

const KEY = 'a-test-sealing-key-of-at-least-32-characters';
const member = { integrationId: 'acme', wecomUserId: 'ZhangSan' };
const noon = new Date('2026-11-26T12:00:00Z');

describe('WeComWorkspaceIdentitySigner', () => {
  const signer = WeComWorkspaceIdentitySigner.fromSecretsKey(KEY);

  it('gives back the member it signed, valid for 12 hours', () => {
    const { token, expiresAt } = signer.sign(member, { now: noon });
    expect(expiresAt.toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(WECOM_WORKSPACE_IDENTITY_LIFETIME_SECONDS).toBe(12 * 3600);

    const check = signer.verify(token, {
      now: new Date('2026-11-26T23:59:59Z'),
    });
    expect(check).toEqual({
      ok: true,
      identity: { ...member, expiresAt },
    });
  });

  it('verifies with a signer built from the same key in another process', () => {
    const { token } = signer.sign(member);
    const other = WeComWorkspaceIdentitySigner.fromSecretsKey(KEY);
    expect(other.verify(token)).toMatchObject({ ok: true });
  });

  it('refuses an expired token', () => {
    const { token } = signer.sign(member, { now: noon });
    expect(
      signer.verify(token, { now: new Date('2026-11-27T00:00:00Z') }),
    ).toEqual({ ok: false, reason: 'the WeCom sign-in has expired' });
  });

  it('refuses a token whose member was changed', () => {
    const { token } = signer.sign(member);
    const [version, , mac] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ i: 'acme', u: 'TheBoss', e: 4102444800 }),
    ).toString('base64url');
    const check = signer.verify(`${version}.${forged}.${mac}`);
    expect(check).toMatchObject({ ok: false });
    expect(!check.ok && check.reason).toMatch(/bad signature/);
  });

  it('refuses a token whose signature was changed', () => {
    const { token } = signer.sign(member);
    const [version, payload, mac] = token.split('.');
    // The first character carries whole bits (the last one has padding bits).
    const other = mac[0] === 'A' ? 'B' : 'A';
    const flipped = `${version}.${payload}.${other}${mac.slice(1)}`;
    expect(signer.verify(flipped)).toMatchObject({ ok: false });
    expect(signer.verify(token.slice(0, -4))).toMatchObject({ ok: false });
  });

  it('refuses a token signed with another key', () => {
    const other = WeComWorkspaceIdentitySigner.fromSecretsKey(
      'another-sealing-key-of-at-least-32-characters',
    );
    const { token } = other.sign(member);
    expect(signer.verify(token)).toMatchObject({ ok: false });
  });

  it('refuses a token keyed with the secrets key itself rather than the derived key', () => {
    // Guards the HKDF step: a key used for something else does not verify.
    const payload = Buffer.from(
      JSON.stringify({ i: 'acme', u: 'ZhangSan', e: 4102444800 }),
    ).toString('base64url');
    for (const key of [
      Buffer.from(KEY),
      Buffer.from(
        hkdfSync(
          'sha256',
          KEY,
          'backstage-plugin-wecom',
          'integration secrets',
          32,
        ),
      ),
    ]) {
      const mac = createHmac('sha256', key)
        .update(`v1.${payload}`)
        .digest('base64url');
      expect(signer.verify(`v1.${payload}.${mac}`)).toMatchObject({
        ok: false,
      });
    }
  });

  it('refuses malformed tokens without throwing', () => {
    for (const token of ['', 'v1', 'v1.a.b.c', 'v2.e30.abc', 'garbage']) {
      expect(signer.verify(token)).toEqual({
        ok: false,
        reason: 'the WeCom sign-in token is malformed',
      });
    }
  });

  it('refuses a short secrets key', () => {
    expect(() => WeComWorkspaceIdentitySigner.fromSecretsKey('short')).toThrow(
      /at least 32 characters/,
    );
  });
});
