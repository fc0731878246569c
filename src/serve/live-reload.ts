// Live reload for `gongbo serve`: server-sent events, and the script injected into served pages only.
import type { ServerResponse } from 'node:http';
import type { VFile } from 'vfile';
import type { Translate, Translator } from '../i18n/create-i18n.js';
import type { Locale } from '../model.js';
import { reasonIn } from '../i18n/say.js';

/** One problem as the browser overlay shows it, with the source lines around it. */
export interface OverlayProblem {
  /** Errors stop the notice and cover the page; warnings do not, and sit in a corner panel. */
  severity: 'error' | 'warning';
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

/**
 * Every error, and the warnings of the files `warningsOf` names (those the person edited while
 * `serve` ran: an archive's old warnings would bury the one just made), errors first.
 */
export function overlayProblems(files: VFile[], t: Translator, locale: Locale = 'en', warningsOf: (file: VFile) => boolean = () => false): OverlayProblem[] {
  const errors = problemsOf(files, t, locale, (_file, m) => m.fatal === true);
  const warnings = problemsOf(files, t, locale, (file, m) => m.fatal === false && warningsOf(file));
  return [...errors, ...warnings];
}

function problemsOf(files: VFile[], t: Translator, locale: Locale, keep: (file: VFile, m: VFile['messages'][number]) => boolean): OverlayProblem[] {
  return files.flatMap((file) => file.messages.filter((m) => keep(file, m))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)).map((m) => {
    const lines = String(file.value ?? '').split('\n');
    const at = m.line ?? 0;
    const excerpt = at > 0
      ? lines.slice(Math.max(0, at - 3), at + 2).map((text, i) => ({ line: Math.max(1, at - 2) + i, text }))
      : [];
    const summary = (locale: Locale) => (m.ruleId ? t[locale](`rules.${m.ruleId}`, { defaultValue: '' }) : '');
    return {
      severity: m.fatal ? 'error' as const : 'warning' as const, file: file.path, line: m.line ?? null, column: m.column ?? null, rule: m.ruleId ?? null,
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
  /**
   * `starting`: the first build is not done yet (what is served comes from the previous one, or
   * from the notices' folders); its end is the next `reload`.
   */
  connect(response: ServerResponse, generation: number, problems: OverlayProblem[], starting = false): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const reload = starting ? { generation, starting } : { generation };
    response.write(`retry: 500\n\nevent: reload\ndata: ${JSON.stringify(reload)}\n\nevent: problems\ndata: ${JSON.stringify(problems)}\n\n`);
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
  const strings = {
    title: t('serve.overlayTitle'), hint: t('serve.overlayHint'), line: t('serve.line'), column: t('serve.column'),
    error: t('serve.error'), warning: t('serve.warning'), warningsTitle: t('serve.warningsTitle'), close: t('serve.close'),
  };
  const json = JSON.stringify(strings).replace(/</g, '\\u003c');
  return `
(() => {
  const strings = ${json};
  const colours = { error: ['#ff8a80', '#5c1a1a'], warning: ['#ffd180', '#4d3b00'] };
  let overlay, panel;
  const hide = () => {
    if (overlay) { overlay.remove(); overlay = undefined; }
    if (panel) { panel.remove(); panel = undefined; }
  };
  const box = (p) => {
    const [accent, marked] = colours[p.severity] || colours.error;
    const box = document.createElement('section');
    box.className = 'gongbo-problem gongbo-' + p.severity;
    box.style.cssText = 'margin:1rem 0;padding:1rem;border-left:4px solid ' + accent + ';background:rgba(255,255,255,.06)';
    const where = document.createElement('p');
    where.className = 'gongbo-where';
    where.style.cssText = 'margin:0;font-family:ui-monospace,monospace;color:#ffd180';
    where.textContent = p.file + (p.line ? ':' + p.line + ':' + p.column : '') + (p.rule ? '  (' + p.rule + ')' : '');
    const label = document.createElement('p');
    label.className = 'gongbo-severity';
    label.style.cssText = 'margin:0;font-weight:700;font-size:.8rem;letter-spacing:.05em;color:' + accent;
    label.textContent = strings[p.severity] || strings.error;
    box.append(label, where);
    const summary = p.summary[${JSON.stringify(locale)}];
    if (summary) {
      const s = document.createElement('p');
      s.className = 'gongbo-summary';
      s.style.cssText = 'margin:.25rem 0 0;font-weight:700;font-size:1.05rem';
      s.textContent = summary;
      box.append(s);
    }
    const message = document.createElement('p');
    message.className = 'gongbo-message';
    message.style.cssText = 'margin:.25rem 0 .5rem;font-weight:600';
    message.textContent = p.message;
    box.append(message);
    if (p.excerpt.length) {
      const pre = document.createElement('pre');
      pre.style.cssText = 'margin:0;padding:.5rem;background:#000;overflow:auto;font:13px/1.5 ui-monospace,monospace';
      for (const l of p.excerpt) {
        const row = document.createElement('div');
        row.textContent = String(l.line).padStart(4) + ' | ' + l.text;
        if (l.line === p.line) row.style.cssText = 'background:' + marked + ';color:#fff';
        pre.append(row);
      }
      box.append(pre);
    }
    return box;
  };
  // A closed panel stays closed across the reloads of later saves, until its warnings change.
  const DISMISSED = 'gongbo-warnings-dismissed';
  const remembered = () => { try { return sessionStorage.getItem(DISMISSED); } catch { return null; } };
  const remember = (value) => { try { sessionStorage.setItem(DISMISSED, value); } catch {} };
  const show = (problems) => {
    hide();
    const errors = problems.filter((p) => p.severity !== 'warning');
    const warnings = problems.filter((p) => p.severity === 'warning');
    if (errors.length) {
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
      // The warnings of the same save follow the errors, each labelled as such.
      for (const p of [...errors, ...warnings]) overlay.append(box(p));
      document.body.append(overlay);
      return;
    }
    const signature = JSON.stringify(warnings.map((p) => [p.file, p.line, p.column, p.rule, p.message]));
    if (!warnings.length || remembered() === signature) return;
    // Not a dialog: the page stays readable and usable beside it.
    panel = document.createElement('aside');
    panel.id = 'gongbo-warnings';
    panel.setAttribute('aria-labelledby', 'gongbo-warnings-title');
    panel.style.cssText = 'position:fixed;right:1rem;bottom:1rem;z-index:2147483646;box-sizing:border-box;width:min(34rem,calc(100vw - 2rem));max-height:45vh;overflow:auto;background:#1e1e28;color:#fff;font:14px/1.5 system-ui,sans-serif;padding:.75rem 1rem;border-left:4px solid #ffd180;border-radius:4px;box-shadow:0 2px 12px rgba(0,0,0,.45)';
    const head = document.createElement('div');
    head.style.cssText = 'display:flex;gap:1rem;align-items:flex-start;justify-content:space-between';
    const h = document.createElement('h2');
    h.id = 'gongbo-warnings-title';
    h.textContent = strings.warningsTitle + ' (' + warnings.length + ')';
    h.style.cssText = 'margin:0;color:#ffd180;font-size:1rem';
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'gongbo-close';
    close.textContent = strings.close;
    close.style.cssText = 'flex:none;font:inherit;color:#000;background:#ffd180;border:0;border-radius:3px;padding:.15rem .6rem;cursor:pointer';
    close.addEventListener('click', () => { remember(signature); hide(); });
    head.append(h, close);
    panel.append(head);
    for (const p of warnings) panel.append(box(p));
    panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') { remember(signature); hide(); } });
    document.body.append(panel);
  };
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  // A page reloads when the site it shows is older than the newest good build, unless that build
  // lists the pages it changed and this is not one of them.
  let shown = ${generation};
  events.addEventListener('reload', (e) => {
    const { generation, pages } = JSON.parse(e.data);
    if (generation === shown) return;
    let here = location.pathname;
    try { here = decodeURIComponent(here); } catch {}
    here = here.replace(/index\.html$/, '');
    if (!pages || pages.includes(here)) location.reload();
    else shown = generation;
  });
  events.addEventListener('problems', (e) => show(JSON.parse(e.data)));
})();
`;
}
