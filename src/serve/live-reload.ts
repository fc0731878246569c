// Live reload for `gongbo serve`: server-sent events, and the script injected into served pages only.
import type { ServerResponse } from 'node:http';
import type { VFile } from 'vfile';
import type { Translate, Translator } from '../i18n/create-i18n.js';
import type { Locale } from '../model.js';
import { reasonIn } from '../i18n/say.js';

/** One problem as the browser overlay shows it, with the source lines around it. */
export interface OverlayProblem {
  file: string;
  line: number | null;
  column: number | null;
  rule: string | null;
  /** What kind of problem it is, in each language. */
  summary: Record<Locale, string>;
  /** The message, in the language `serve` speaks (its terminal's). */
  message: string;
  excerpt: Array<{ line: number; text: string }>;
}

export const EVENTS_PATH = '/__gongbo/events';
/** The current problems as JSON, for editors and scripts (pages get them over the events). */
export const PROBLEMS_PATH = '/__gongbo/problems';

export function overlayProblems(files: VFile[], t: Translator, locale: Locale = 'en'): OverlayProblem[] {
  return files.flatMap((file) => file.messages.filter((m) => m.fatal).map((m) => {
    const lines = String(file.value ?? '').split('\n');
    const at = m.line ?? 0;
    const excerpt = at > 0
      ? lines.slice(Math.max(0, at - 3), at + 2).map((text, i) => ({ line: Math.max(1, at - 2) + i, text }))
      : [];
    const summary = (locale: Locale) => (m.ruleId ? t[locale](`rules.${m.ruleId}`, { defaultValue: '' }) : '');
    return {
      file: file.path, line: m.line ?? null, column: m.column ?? null, rule: m.ruleId ?? null,
      summary: { ko: summary('ko'), en: summary('en') }, message: reasonIn(m, locale), excerpt,
    };
  }));
}

/** The connected browsers; `send` reaches every one of them. */
export class LiveReload {
  #clients = new Set<ServerResponse>();

  /**
   * Add a browser, telling it at once which build is current and its problems: a page that
   * (re)loaded while a build was running would otherwise miss the event that build sends.
   */
  connect(response: ServerResponse, generation: number, problems: OverlayProblem[]): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    response.write(`retry: 500\n\nevent: reload\ndata: ${JSON.stringify({ generation })}\n\nevent: problems\ndata: ${JSON.stringify(problems)}\n\n`);
    this.#clients.add(response);
    response.on('close', () => this.#clients.delete(response));
  }

  send(event: 'reload' | 'problems', data: unknown): void {
    const payload = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of this.#clients) client.write(payload);
  }

  close(): void {
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }
}

/** How every page the layout writes ends; the script goes just before it. */
const PAGE_END = '</body></html>';

/**
 * `html` with the live-reload `script` (its source) added as the last element of the body, or
 * `undefined` when `html` is not a page of gongbo's layout. Placed by the layout's own closing tags
 * at the very end: author text can spell `</body>` inside an attribute value (`<` is not escaped
 * there), but nothing of the author's ever follows the layout's `</body></html>`.
 */
export function withLiveReload(html: string, script: string): string | undefined {
  const end = html.trimEnd();
  if (!end.endsWith(PAGE_END)) return undefined;
  const at = end.length - PAGE_END.length;
  return `${html.slice(0, at)}<script>${script}</script>${html.slice(at)}`;
}

/**
 * The source of the script added to served pages. Built pages carry no JavaScript at all; this is
 * the preview server's own, and the overlay is written with `textContent` so messages stay text.
 * Its text cannot close its element: `<` in the strings it carries is escaped.
 */
export function liveReloadSource(t: Translate, locale: Locale, generation: number): string {
  const strings = { title: t('serve.overlayTitle'), hint: t('serve.overlayHint'), line: t('serve.line'), column: t('serve.column') };
  const json = JSON.stringify(strings).replace(/</g, '\\u003c');
  return `
(() => {
  const strings = ${json};
  let overlay;
  const hide = () => { if (overlay) { overlay.remove(); overlay = undefined; } };
  const show = (problems) => {
    hide();
    if (!problems.length) return;
    overlay = document.createElement('div');
    overlay.id = 'gongbo-overlay';
    overlay.setAttribute('role', 'alertdialog');
    overlay.setAttribute('aria-label', strings.title);
    overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,30,.94);color:#fff;font:15px/1.6 system-ui,sans-serif;padding:2rem';
    const h = document.createElement('h2');
    h.textContent = strings.title;
    h.style.cssText = 'margin:0 0 .25rem;color:#ff8a80;font-size:1.3rem';
    const hint = document.createElement('p');
    hint.textContent = strings.hint;
    overlay.append(h, hint);
    for (const p of problems) {
      const box = document.createElement('section');
      box.className = 'gongbo-problem';
      box.style.cssText = 'margin:1rem 0;padding:1rem;border-left:4px solid #ff8a80;background:rgba(255,255,255,.06)';
      const where = document.createElement('p');
      where.className = 'gongbo-where';
      where.style.cssText = 'margin:0;font-family:ui-monospace,monospace;color:#ffd180';
      where.textContent = p.file + (p.line ? ':' + p.line + ':' + p.column : '') + (p.rule ? '  (' + p.rule + ')' : '');
      const summary = p.summary[${JSON.stringify(locale)}];
      if (summary) {
        const s = document.createElement('p');
        s.className = 'gongbo-summary';
        s.style.cssText = 'margin:.25rem 0 0;font-weight:700;font-size:1.05rem';
        s.textContent = summary;
        box.append(where, s);
      }
      const message = document.createElement('p');
      message.className = 'gongbo-message';
      message.style.cssText = 'margin:.25rem 0 .5rem;font-weight:600';
      message.textContent = p.message;
      if (!summary) box.append(where);
      box.append(message);
      if (p.excerpt.length) {
        const pre = document.createElement('pre');
        pre.style.cssText = 'margin:0;padding:.5rem;background:#000;overflow:auto;font:13px/1.5 ui-monospace,monospace';
        for (const l of p.excerpt) {
          const row = document.createElement('div');
          row.textContent = String(l.line).padStart(4) + ' | ' + l.text;
          if (l.line === p.line) row.style.cssText = 'background:#5c1a1a;color:#fff';
          pre.append(row);
        }
        box.append(pre);
      }
      overlay.append(box);
    }
    document.body.append(overlay);
  };
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  // A page reloads when the site it shows is older than the newest good build.
  events.addEventListener('reload', (e) => { if (JSON.parse(e.data).generation !== ${generation}) location.reload(); });
  events.addEventListener('problems', (e) => show(JSON.parse(e.data)));
})();
`;
}
