// Removes credentials from text before it is shown, logged or written anywhere.

const REDACTED = '***';

/** `url` without its user-info part (`https://user:pass@host/` → `https://host/`); unparsable input is returned as is. */
export function scrubUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}

/**
 * `text` with every secret value replaced by `***`, and user-info stripped from any URL in it.
 * Secrets shorter than 3 characters are still replaced: a short password is no less secret.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1');
  // Longest first, so a secret containing another is replaced whole.
  for (const secret of [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
  }
  return out;
}
