// Shows PDF progress: a bar on a terminal, one plain line per PDF otherwise (logs, CI).
import cliProgress from 'cli-progress';
import type { PdfProgress } from './render-pdfs.js';

export interface PdfProgressReporter {
  /** Pass as `onProgress` to renderPdfs. */
  onProgress(progress: PdfProgress): void;
  /** Remove the bar (call once the build is done, also when it failed). */
  stop(): void;
}

/** Report to `stream` (the CLI's stderr: stdout stays for results). */
export function reportPdfProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }): PdfProgressReporter {
  let bar: cliProgress.SingleBar | undefined;
  let cached = 0;
  return {
    onProgress(progress) {
      if (progress.cached) cached += 1;
      if (!stream.isTTY) {
        stream.write(`PDF ${progress.done}/${progress.total} ${progress.path}${progress.cached ? ' (cached)' : ''}\n`);
        return;
      }
      if (!bar) {
        bar = new cliProgress.SingleBar({
          stream,
          format: 'PDFs [{bar}] {value}/{total} ({cached} cached)',
          hideCursor: true,
          clearOnComplete: true,
        }, cliProgress.Presets.shades_classic);
        bar.start(progress.total, 0, { cached });
      }
      bar.update(progress.done, { cached });
      if (progress.done === progress.total) this.stop();
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
