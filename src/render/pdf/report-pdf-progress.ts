// Shows PDF (or social card) progress: a bar on a terminal, about ten plain lines otherwise (logs, CI).
import cliProgress from 'cli-progress';
import type { PdfProgress } from './render-pdfs.js';

export interface PdfProgressReporter {
  /** Pass as `onProgress` to renderPdfs. */
  onProgress(progress: PdfProgress): void;
  /** Remove the bar (call once the build is done, also when it failed). */
  stop(): void;
}

/** Report to `stream` (the CLI's stderr: stdout stays for results); `label` names what is made. */
export function reportPdfProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, label = 'PDFs'): PdfProgressReporter {
  let bar: cliProgress.SingleBar | undefined;
  let cached = 0;
  // A closure, not `this.stop`: callers pass `onProgress` on its own, as a callback.
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    onProgress(progress) {
      if (progress.cached) cached += 1;
      if (!stream.isTTY) {
        // About ten lines per build, however large: enough to see it move in a CI log.
        const step = Math.max(1, Math.ceil(progress.total / 10));
        if (progress.done % step === 0 || progress.done === progress.total) {
          stream.write(`${label} ${progress.done}/${progress.total} (${cached} from the cache)\n`);
        }
        return;
      }
      if (!bar) {
        bar = new cliProgress.SingleBar({
          stream,
          format: `${label} [{bar}] {value}/{total} ({cached} cached)`,
          hideCursor: true,
          clearOnComplete: true,
        }, cliProgress.Presets.shades_classic);
        bar.start(progress.total, 0, { cached });
      }
      bar.update(progress.done, { cached });
      if (progress.done === progress.total) stop();
    },
    stop,
  };
}
