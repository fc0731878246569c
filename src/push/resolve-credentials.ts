// Turns a mirror's `auth` settings into an Authorization header, reading secrets from the environment.
import type { MirrorConfig } from '../model.js';
import { MirrorError } from './push-errors.js';
import { settingOf, targetLabel } from './format-push.js';
import { phrase, render, type Phrase } from '../i18n/say.js';

export interface Credentials {
  /** The `Authorization` header value, or `undefined` for an anonymous mirror. */
  header: string | undefined;
  /** Where the credentials came from, safe to print: `IITP_USER/IITP_PASSWORD`, `IRIS_TOKEN`. */
  source: string | undefined;
  /** `source` in any language, when it is words rather than variable names. */
  said?: Phrase;
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
        phrase('push.credentials.missing', { target: targetLabel(mirror.name), name, setting: settingOf(mirror.name, `auth.${setting}`) }));
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
        phrase('push.credentials.half', { target: targetLabel(mirror.name), setting: settingOf(mirror.name, `auth.${missing}`) }));
    }
    const username = read('usernameEnv', 'username_env');
    const password = read('passwordEnv', 'password_env');
    return basic(username, password, `${auth.usernameEnv}/${auth.passwordEnv}`);
  }
  if (/^https?:/.test(mirror.url)) {
    const url = new URL(mirror.url);
    if (url.username || url.password) {
      const said = phrase('push.credentials.inUrl', { setting: settingOf(mirror.name, 'url') });
      return { ...basic(decodeURIComponent(url.username), decodeURIComponent(url.password), render(said, 'en')), said };
    }
  }
  return { header: undefined, source: undefined, secrets: [] };
}

function basic(username: string, password: string, source: string): Credentials {
  const encoded = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  return { header: `Basic ${encoded}`, source, secrets: [password, encoded].filter((s) => s !== '') };
}
