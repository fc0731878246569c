// Runs jobs with bounded concurrency; the first failure stops new jobs and is rethrown once the running ones settle.

/** Run `work` on every item, at most `limit` at a time. */
export async function runPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`Expected \`limit\` to be a whole number >= 1, got \`${limit}\``);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        // Keep the first: later ones are usually the same outage seen by the other workers.
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
