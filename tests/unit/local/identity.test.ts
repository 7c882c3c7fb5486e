import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { LocalIdentity } from '../../../local/identity.ts';

const ISSUER = 'http://localhost:3000/local-cognito';

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'identity-'));
  const identity = await LocalIdentity.open(dir, ISSUER);
  const file = JSON.parse(readFileSync(join(dir, 'identity.json'), 'utf8'));
  const key = await importJWK(file.privateKey, 'RS256');
  /** A token signed with the pool's own key: only its claims differ from a real one. */
  const forge = (lifetime: string | null, claims: Record<string, unknown> = {}) => {
    const jwt = new SignJWT({
      'cognito:username': 'x',
      'cognito:groups': ['admin'],
      token_use: 'id',
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'local' })
      .setSubject('forged')
      .setIssuer(ISSUER)
      .setAudience(file.clientId)
      .setIssuedAt();
    return (lifetime ? jwt.setExpirationTime(lifetime) : jwt).sign(key);
  };
  return { identity, forge, staff: identity.staff() };
}

describe('local staff identity tokens', () => {
  it('accepts its own login tokens and one-hour tokens', async () => {
    const { identity, forge, staff } = await setup();
    const login = await identity.login(staff[0]?.username as string, staff[0]?.password as string);
    expect(await identity.verify(login?.token as string)).toMatchObject({ token_use: 'id' });
    expect(await identity.verify(await forge('1h'))).not.toBeNull();
  });

  it('refuses tokens without an expiry, valid for ten years, or not ID tokens', async () => {
    const { identity, forge } = await setup();
    expect(await identity.verify(await forge(null))).toBeNull();
    expect(await identity.verify(await forge('3650d'))).toBeNull();
    expect(await identity.verify(await forge('1h', { token_use: 'access' }))).toBeNull();
    expect(await identity.login('nobody', 'wrong')).toBeNull();
  });
});
