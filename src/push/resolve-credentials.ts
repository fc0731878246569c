// Turns a mirror's `auth` settings into an Authorization header, reading secrets from the environment.
import type { MirrorConfig } from '../model.js';
import { MirrorError } from './push-errors.js';

export interface Credentials {
  /** The `Authorization` header value, or `undefined` for an anonymous mirror. */
  header: string | undefined;
  /** Where the credentials came from, safe to print: `IITP_USER/IITP_PASSWORD`, `IRIS_TOKEN`. */
  source: string | undefined;
  /** Every secret value (and encoded form) that must never be printed or written. */
  secrets: string[];
}

/**
 * Credentials of `mirror` from `env`. Secrets come only from the variables the config names; user
 * info in an http(s) `url` is accepted too, because people paste such URLs, but never shown.
 */
export function resolveCredentials(mirror: MirrorConfig, env: NodeJS.ProcessEnv): Credentials {
  const auth = mirror.auth;
  const read = (key: 'usernameEnv' | 'passwordEnv' | 'tokenEnv', setting: string): string => {
    const name = auth![key]!;
    const value = env[name];
    if (value === undefined || value === '') {
      throw new MirrorError(mirror.name, 'credentials-missing',
        `mirror ${mirror.name} needs the environment variable ${name} (named by mirrors.${mirror.name}.auth.${setting} in gongbo.config.yaml), which is not set: set it before pushing`);
    }
    return value;
  };
  if (auth?.tokenEnv) {
    const token = read('tokenEnv', 'token_env');
    return { header: `Bearer ${token}`, source: auth.tokenEnv, secrets: [token] };
  }
  if (auth?.usernameEnv || auth?.passwordEnv) {
    if (!auth.usernameEnv || !auth.passwordEnv) {
      const missing = auth.usernameEnv ? 'password_env' : 'username_env';
      throw new MirrorError(mirror.name, 'config',
        `mirror ${mirror.name} names only one of username_env and password_env: add mirrors.${mirror.name}.auth.${missing} to gongbo.config.yaml`);
    }
    const username = read('usernameEnv', 'username_env');
    const password = read('passwordEnv', 'password_env');
    return basic(username, password, `${auth.usernameEnv}/${auth.passwordEnv}`);
  }
  if (/^https?:/.test(mirror.url)) {
    const url = new URL(mirror.url);
    if (url.username || url.password) {
      return basic(decodeURIComponent(url.username), decodeURIComponent(url.password), `the user name and password in mirrors.${mirror.name}.url`);
    }
  }
  return { header: undefined, source: undefined, secrets: [] };
}

function basic(username: string, password: string, source: string): Credentials {
  const encoded = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  return { header: `Basic ${encoded}`, source, secrets: [password, encoded].filter((s) => s !== '') };
}
