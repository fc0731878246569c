// What a test's live objects keep in memory (the JS heap and the buffers outside it), garbage collected first.
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** Bytes reachable now: call before and after making what a test holds, and subtract. */
export function liveBytes(): number {
  collect();
  collect();
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.external;
}

export const MiB = 1024 * 1024;

/** `count` words of little-repeating text (compresses about as badly as real prose in a mix of scripts). */
export function varied(count: number, seed = 1): string {
  let state = seed;
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    words.push(state.toString(36));
  }
  return words.join(' ');
}
