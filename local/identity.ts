import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';

type Key = Awaited<ReturnType<typeof importJWK>>;

export interface StaffUser {
  username: string;
  password: string;
  roles: string[];
  /** A county office's account is limited to this county (Cognito's custom:county). */
  county?: string;
}

interface IdentityFile {
  privateKey: JWK;
  publicKey: JWK;
  clientId: string;
  staff: Array<StaffUser & { sub: string }>;
}

/** The demo staff seeded on first start, one per role (SPEC §2), plus an administrator. */
const SEED_STAFF: Array<{ username: string; roles: string[]; county?: string }> = [
  { username: 'admin', roles: ['admin'] },
  { username: 'operator', roles: ['operator'] },
  { username: 'reviewer', roles: ['reviewer'] },
  { username: 'supervisor', roles: ['supervisor'] },
  { username: 'ops', roles: ['ops'] },
  // The Dehloran county office: registers and reviews its county's requests only.
  { username: 'office-dehloran', roles: ['operator', 'reviewer'], county: 'DEHLORAN' },
];

/**
 * A local stand-in for Cognito: seeded staff, a login that checks their password, and ID tokens
 * with Cognito's claims (sub, cognito:username, cognito:groups, token_use, aud, iss), signed
 * with a key kept under the data directory and verified by the local gateway.
 */
/** The longest an ID token may live (Cognito's maximum ID-token validity). */
const MAX_TOKEN_SECONDS = 24 * 3600;

export class LocalIdentity {
  readonly issuer: string;
  private readonly file: IdentityFile;
  private readonly privateKey: Key;
  private readonly publicKey: Key;

  private constructor(issuer: string, file: IdentityFile, privateKey: Key, publicKey: Key) {
    this.issuer = issuer;
    this.file = file;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  static async open(dataDir: string, issuer: string): Promise<LocalIdentity> {
    const path = join(dataDir, 'identity.json');
    let file: IdentityFile;
    if (existsSync(path)) {
      file = JSON.parse(readFileSync(path, 'utf8')) as IdentityFile;
    } else {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      file = {
        privateKey: await exportJWK(privateKey),
        publicKey: await exportJWK(publicKey),
        clientId: randomBytes(13).toString('hex'),
        staff: [],
      };
    }
    // Seeded staff added since the data directory was made are added to it.
    const missing = SEED_STAFF.filter((seed) => !file.staff.some((s) => s.username === seed.username));
    if (missing.length > 0 || !existsSync(path)) {
      file.staff.push(
        ...missing.map((s) => ({
          ...s,
          sub: randomUUID(),
          password: `${randomBytes(9).toString('base64url')}-Aa1!`,
        })),
      );
      writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600 });
    }
    return new LocalIdentity(
      issuer,
      file,
      await importJWK(file.privateKey, 'RS256'),
      await importJWK(file.publicKey, 'RS256'),
    );
  }

  staff(): StaffUser[] {
    return this.file.staff.map(({ username, password, roles, county }) => ({
      username,
      password,
      roles,
      ...(county ? { county } : {}),
    }));
  }

  /** An ID token for the user, or null for a wrong username or password. */
  async login(username: string, password: string): Promise<{ token: string; expiresIn: number } | null> {
    const user = this.file.staff.find((s) => s.username === username);
    const given = Buffer.from(password);
    const expected = Buffer.from(user?.password ?? randomBytes(16).toString('hex'));
    const matches = given.length === expected.length && timingSafeEqual(given, expected);
    if (!user || !matches) return null;
    const expiresIn = 3600;
    const token = await new SignJWT({
      'cognito:username': user.username,
      'cognito:groups': user.roles,
      ...(user.county ? { 'custom:county': user.county } : {}),
      token_use: 'id',
      auth_time: Math.floor(Date.now() / 1000),
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'local' })
      .setSubject(user.sub)
      .setIssuer(this.issuer)
      .setAudience(this.file.clientId)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.privateKey);
    return { token, expiresIn };
  }

  /** The claims of a valid token, as the Cognito authorizer passes them (values as strings). */
  async verify(token: string): Promise<Record<string, string> | null> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        audience: this.file.clientId,
        algorithms: ['RS256'],
        // Cognito's ID tokens always expire, within a day at most: a token that does not, or
        // claims a longer life, was not issued by a pool configured like Pasokh's.
        requiredClaims: ['exp', 'iat'],
        maxTokenAge: MAX_TOKEN_SECONDS,
      });
      if (payload.token_use !== 'id') return null;
      if (Number(payload.exp) - Number(payload.iat) > MAX_TOKEN_SECONDS) return null;
      return Object.fromEntries(
        Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
      );
    } catch {
      return null;
    }
  }
}
