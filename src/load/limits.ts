// Size limits on what gongbo reads from a site folder, so that no source can exhaust memory or time.

/**
 * The largest language file (`ko.md`, `en.md`) or `gongbo.config.yaml` gongbo reads: 2 MiB. A long
 * press release is a few tens of KiB; anything near this size is a mistake (a pasted image, a
 * device file), and is refused before it is read. Twice the body limit (see check-limits), so that
 * a text just over that limit gets the positioned message saying what to move out.
 */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/** How many bytes of each attachment are read to tell what it really is (see check-attachments). */
export const SNIFF_BYTES = 1024;

/** `1 MiB`, `512 KiB`: a limit as a person reads it. */
export function formatLimit(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
