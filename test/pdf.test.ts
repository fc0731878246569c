// PDFs: whole builds of test/fixtures/pdf-site, read back with pdf-lib and pdfjs-dist; the printer's walls.
import test from 'ava';
import { pdfPageTexts } from './pdf-text.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildSite } from '../src/build.js';
import { ChromiumNotFoundError, findChromium } from '../src/render/pdf/find-chromium.js';
import { launchBrowser } from '../src/render/pdf/launch-browser.js';
import { PDF_ORIGIN } from '../src/render/pdf/pdf-origin.js';
import { reportPdfProgress } from '../src/render/pdf/report-pdf-progress.js';
import { renderPdfs, type PdfProgress } from '../src/render/pdf/render-pdfs.js';
import { startPdfRenderer } from '../src/render/pdf/start-pdf-renderer.js';
import { fixture, NOW, tempDir } from './helpers.js';

// One browser at a time: the builds below share two cores, and some tests set PUPPETEER_EXECUTABLE_PATH.
const serial = test.serial;

const BILINGUAL = '2026-04-02-quantum-network';
const WITHDRAWN = '2026-04-10-withdrawn-survey';
const OUTSIDE = '2026-04-15-outside-resources';
const pdfPath = (id: string, locale: string) => `${locale}/${id}/${id}.${locale}.pdf`;
const ALL_PDFS = [pdfPath(BILINGUAL, 'en'), pdfPath(BILINGUAL, 'ko'), pdfPath(WITHDRAWN, 'ko'), pdfPath(OUTSIDE, 'ko')].sort();

/** A loopback HTTP server that counts every connection and request made to it. */
async function startListener() {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.end('root:x:0:0:root:/root:/bin/bash\n');
  });
  server.on('connection', () => seen.push('connection'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { seen, host: `127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const listener = startListener();

/** A copy of the fixture site whose outside-resources notice points at the listener. */
async function copySite(): Promise<string> {
  const site = path.join(await tempDir('gongbo-pdf-site-'), 'site');
  await cp(fixture('pdf-site'), site, { recursive: true });
  const file = path.join(site, 'notices', OUTSIDE, 'ko.md');
  await writeFile(file, (await readFile(file, 'utf8')).replaceAll('__LISTENER__', (await listener).host));
  return site;
}

async function build(site: string) {
  const out = path.join(await tempDir('gongbo-pdf-out-'), 'dist');
  const progress: PdfProgress[] = [];
  const result = await buildSite({ cwd: site, out, now: NOW, pdf: true, onPdfProgress: (p) => progress.push(p) });
  const pdfs = new Map<string, Uint8Array>();
  for (const entry of result.manifest?.files ?? []) {
    if (/^(ko|en)\/[^/]+\/[^/]+\.(ko|en)\.pdf$/.test(entry.path)) pdfs.set(entry.path, await readFile(path.join(out, entry.path)));
  }
  return { site, out, result, progress, pdfs };
}

// Every test below reads this first build.
const first = (async () => build(await copySite()))();

async function pdfOf(file: string): Promise<Uint8Array> {
  const bytes = (await first).pdfs.get(file);
  if (!bytes) throw new Error(`The build wrote no ${file}`);
  return bytes;
}

const squash = (text: string) => text.replace(/\s+/g, '');

/** Whether any page draws a raster image (the KOGL mark is vector, so this is the notice's own). */
async function paintsImage(bytes: Uint8Array): Promise<boolean> {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, disableFontFace: true, useSystemFonts: false }).promise;
  let found = false;
  for (let n = 1; n <= document.numPages && !found; n++) {
    const ops = await (await document.getPage(n)).getOperatorList();
    found = ops.fnArray.some((fn) => fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject);
  }
  await document.destroy();
  return found;
}

function lookup(document: PDFDocument, value: PDFObject | undefined): PDFObject | undefined {
  return value instanceof PDFRef ? document.context.lookup(value) : value;
}

function dictOf(document: PDFDocument, value: PDFObject | undefined): PDFDict | undefined {
  const object = lookup(document, value);
  return object instanceof PDFDict ? object : object instanceof PDFRawStream ? object.dict : undefined;
}

function text(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : value?.toString();
}

interface FontInfo {
  subtype: string;
  baseFont: string;
  /** FontFile, FontFile2 or FontFile3: the glyphs are in the file. */
  embedded: boolean;
}

/** Every font dictionary in the file, with where its glyphs come from. */
function fontsOf(document: PDFDocument): FontInfo[] {
  const fonts: FontInfo[] = [];
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type'))?.toString() !== '/Font') continue;
    const subtype = object.get(PDFName.of('Subtype'))?.toString() ?? '';
    if (subtype === '/CIDFontType0' || subtype === '/CIDFontType2') continue; // reached through their Type0 parent
    let descriptorOwner: PDFDict = object;
    if (subtype === '/Type0') {
      const descendants = lookup(document, object.get(PDFName.of('DescendantFonts')));
      descriptorOwner = dictOf(document, descendants instanceof PDFArray ? descendants.get(0) : undefined) ?? object;
    }
    const descriptor = dictOf(document, descriptorOwner.get(PDFName.of('FontDescriptor')));
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key)));
    fonts.push({ subtype, baseFont: object.get(PDFName.of('BaseFont'))?.toString() ?? '', embedded });
  }
  return fonts;
}

serial('should write one PDF per published notice and language, next to its page', async (t) => {
  const { result, pdfs, progress } = await first;
  t.true(result.ok);
  t.deepEqual([...pdfs.keys()].sort(), ALL_PDFS);
  t.deepEqual(progress.map((p) => p.path).sort(), ALL_PDFS);
  t.true(progress.every((p) => !p.cached && p.total === ALL_PDFS.length));
  for (const bytes of pdfs.values()) t.is(Buffer.from(bytes.subarray(0, 5)).toString('latin1'), '%PDF-');
});

serial('should print the headline, the footer on every page, and the KOGL sentence at the end (Korean)', async (t) => {
  const pages = await pdfPageTexts(await pdfOf(pdfPath(BILINGUAL, 'ko')));
  t.is(pages.length, 2, 'a two-page release');
  const all = squash(pages.join('\n'));
  t.true(all.includes(squash('양자암호통신 국가 시험망 구축 사업 착수')), 'headline');
  t.true(all.includes(squash('전국 6개 권역 800km 구간에 양자키분배 시험망 구축')), 'subtitle');
  t.true(all.includes(squash('배포 일시')) && all.includes('양자정보통신과') && all.includes('044-202-6411'), 'masthead facts');
  t.true(all.includes('보도자료'), 'masthead');
  t.true(all.includes(squash('양자암호통신 시험망 구축 계획')), 'attachment listed');
  pages.forEach((page, index) => {
    t.true(squash(page).includes(squash('공공누리 제2유형: 출처표시 + 상업적 이용금지 · 출처: 시험정보통신부')), `footer on page ${index + 1}`);
    t.true(squash(page).includes(`${index + 1}/${pages.length}쪽`), `page number on page ${index + 1}`);
  });
  const last = squash(pages.at(-1)!);
  t.true(last.includes(squash('「공공누리」 제2유형: 출처표시 + 상업적 이용금지 조건에 따라 누구나 이용할 수 있습니다')), 'KOGL sentence');
  t.true(last.includes('https://www.kogl.or.kr/info/licenseType2.do'), 'licence address on paper');
});

serial('should print the English version with English page numbers', async (t) => {
  const pages = await pdfPageTexts(await pdfOf(pdfPath(BILINGUAL, 'en')));
  const all = pages.join('\n');
  t.regex(all.replace(/\s+/g, ' '), /National quantum cryptography testbed network gets under way/);
  t.regex(all, /Press release/);
  pages.forEach((page, index) => t.true(page.includes(`Page ${index + 1} of ${pages.length}`), `page ${index + 1}`));
  t.regex(all.replace(/\s+/g, ' '), /Korea Open Government License \(KOGL\) Type 2/);
});

serial('should print the withdrawal banner of a withdrawn notice', async (t) => {
  const all = squash((await pdfPageTexts(await pdfOf(pdfPath(WITHDRAWN, 'ko')))).join('\n'));
  t.true(all.includes(squash('이 보도자료는')) && all.includes('철회되었습니다'));
  t.true(all.includes(squash('표본 가중치 산정 오류가 확인되어')));
});

serial('should embed every font, as Noto Sans KR, never Type 3 (footer included)', async (t) => {
  for (const [file, bytes] of (await first).pdfs) {
    const fonts = fontsOf(await PDFDocument.load(bytes, { updateMetadata: false }));
    t.true(fonts.length > 0, file);
    t.deepEqual(fonts.filter((f) => f.subtype === '/Type3'), [], `${file}: no Type 3 font`);
    t.deepEqual(fonts.filter((f) => !f.embedded), [], `${file}: every font embedded`);
    // Any other font would be the machine's: the footer's and the KOGL mark's text included.
    t.deepEqual(fonts.filter((f) => !/^\/[A-Z]{6}\+NotoSansKR/.test(f.baseFont)), [], `${file}: only Noto Sans KR`);
  }
});

serial('should print on A4 and carry the metadata: title, author, subject, keywords, language, licence, dates', async (t) => {
  const document = await PDFDocument.load(await pdfOf(pdfPath(BILINGUAL, 'ko')), { updateMetadata: false });
  for (const page of document.getPages()) {
    const { width, height } = page.getSize();
    t.true(Math.abs(width - 595.28) < 1 && Math.abs(height - 841.89) < 1, `A4, got ${width} x ${height}`);
  }
  t.is(document.getTitle(), '양자암호통신 국가 시험망 구축 사업 착수');
  t.is(document.getAuthor(), '시험정보통신부');
  t.is(document.getSubject(), '전국 6개 권역 800km 구간에 양자키분배 시험망 구축. 2028년까지 총 1,240억 원 투입, 공공기관 시범 적용.');
  t.is(document.getKeywords(), '양자, 암호통신, 시험망');
  t.is(document.getCreationDate()?.toISOString(), '2026-04-02T01:00:00.000Z');
  t.is(document.getModificationDate()?.toISOString(), '2026-04-03T00:30:00.000Z');
  const info = document.context.lookup(document.context.trailerInfo.Info, PDFDict);
  t.is(text(info.get(PDFName.of('License'))), 'https://www.kogl.or.kr/info/licenseType2.do');
  t.is(text(document.catalog.get(PDFName.of('Lang'))), 'ko');
  const xmp = lookup(document, document.catalog.get(PDFName.of('Metadata')));
  t.true(xmp instanceof PDFRawStream);
  const packet = Buffer.from((xmp as PDFRawStream).getContents()).toString('utf8');
  t.regex(packet, /<xmpRights:WebStatement>https:\/\/www\.kogl\.or\.kr\/info\/licenseType2\.do<\/xmpRights:WebStatement>/);
  t.regex(packet, /<dc:title><rdf:Alt><rdf:li xml:lang="x-default">양자암호통신 국가 시험망 구축 사업 착수<\/rdf:li>/);
});

serial('should be a tagged PDF after gongbo rewrote it', async (t) => {
  for (const [file, bytes] of (await first).pdfs) {
    const document = await PDFDocument.load(bytes, { updateMetadata: false });
    t.truthy(dictOf(document, document.catalog.get(PDFName.of('StructTreeRoot'))), `${file}: structure tree`);
    t.is(dictOf(document, document.catalog.get(PDFName.of('MarkInfo')))?.get(PDFName.of('Marked'))?.toString(), 'true', file);
  }
});

serial('should make no request outside the build and print no local file (loopback listener)', async (t) => {
  const { seen } = await listener;
  const pages = await pdfPageTexts(await pdfOf(pdfPath(OUTSIDE, 'ko')));
  const all = pages.join('\n');
  t.true(squash(all).includes(squash('이 보도자료는 바깥의 자원을 불러오려고 한다.')), 'the notice itself is printed');
  t.true(squash(all).includes(squash('[이미지: 원격 이미지]')), 'an outside image is described, not fetched');
  t.false(all.includes('root:x:0:0'));
  t.deepEqual(seen, []);
});

serial('should rebuild from the cache without starting Chromium, with identical bytes', async (t) => {
  const { site, pdfs } = await first;
  const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
  // A Chromium that cannot start: the rebuild would fail if it tried.
  process.env.PUPPETEER_EXECUTABLE_PATH = path.join(site, 'no-such-chromium');
  try {
    const again = await build(site);
    t.true(again.progress.length === ALL_PDFS.length && again.progress.every((p) => p.cached));
    for (const [file, bytes] of pdfs) t.true(Buffer.from(again.pdfs.get(file)!).equals(Buffer.from(bytes)), file);
  } finally {
    if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
    else process.env.PUPPETEER_EXECUTABLE_PATH = saved;
  }
});

serial('should print byte-identical PDFs on a second, uncached build', async (t) => {
  const { pdfs } = await first;
  const other = await build(await copySite());
  t.true(other.progress.every((p) => !p.cached), 'printed again, not from a cache');
  for (const [file, bytes] of pdfs) t.true(Buffer.from(other.pdfs.get(file)!).equals(Buffer.from(bytes)), file);
});

serial('should print again exactly the PDF of the notice that changed', async (t) => {
  const { site } = await first;
  const file = path.join(site, 'notices', WITHDRAWN, 'ko.md');
  await writeFile(file, (await readFile(file, 'utf8')).replace('결과를 발표하였다.', '결과를 발표하였다. 세부 결과는 추후 공개한다.'));
  const edited = await build(site);
  t.deepEqual(edited.progress.filter((p) => !p.cached).map((p) => p.path), [pdfPath(WITHDRAWN, 'ko')]);
  t.is((await readdir(path.join(site, '.gongbo-cache', 'pdf'))).length, ALL_PDFS.length, 'the cache keeps one entry per PDF');
});

serial('the printer should refuse raw hostile HTML every outside request, frames and local files included', async (t) => {
  const { seen, host } = await listener;
  const outside = `http://${host}`;
  const hostile = `<base href="${outside}/base/">
    <meta http-equiv="refresh" content="0;url=${outside}/refresh"><meta http-equiv="refresh" content="1;url=${PDF_ORIGIN}print/">
    <link rel="stylesheet" href="${outside}/remote.css"><link rel="stylesheet" href="file:///etc/passwd">
    <link rel="preconnect" href="${outside}"><link rel="prefetch" href="${outside}/prefetch"><link rel="preload" as="image" href="${outside}/preload.png">
    <style>@import url(${outside}/import.css); @font-face { font-family: x; src: url(${outside}/font.woff2) } body { font-family: x; background: url(${outside}/background.png) }</style>
    <p>본문은 남는다</p>
    <img src="${outside}/image.png"><img src="relative.png"><img src="file:///etc/passwd">
    <object data="${outside}/object.bin"></object><object data="file:///etc/passwd" type="text/plain"></object><embed src="${outside}/embed.bin">
    <iframe src="file:///etc/passwd"></iframe><iframe src="${outside}/frame.html"></iframe><iframe srcdoc="<img src='${outside}/srcdoc.png'>"></iframe>
    <video src="${outside}/video.mp4" poster="${outside}/poster.png"></video><audio src="${outside}/audio.mp3" autoplay></audio>
    <svg width="10" height="10"><image href="${outside}/svg-image.png" width="10" height="10"/></svg>
    <div style="background: url(${outside}/inline-style.png)">인라인</div>
    <script>fetch('${outside}/script'); document.body.append('스크립트가 실행됨')</script>`;
  const renderer = await startPdfRenderer({ concurrency: 1 });
  try {
    const bytes = await renderer.print({ lang: 'ko', title: '시험', body: hostile });
    // Give a stray request (or the delayed refresh) time to happen before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const all = (await pdfPageTexts(bytes)).join('\n');
    t.true(all.includes('본문은 남는다'), 'the content itself is printed, not replaced by a redirect or an error page');
    t.false(all.includes('root:x:0:0'), 'no local file');
    t.false(all.includes('스크립트가 실행됨'), 'no script ran');
    // The same page prints the next job as if nothing had happened before it.
    const next = (await pdfPageTexts(await renderer.print({ lang: 'en', title: 'Next', body: '<p>Only this</p>' }))).join('\n');
    t.is(next.trim(), 'Only this');
    t.deepEqual(seen, []);
  } finally {
    await renderer.close();
  }
});

serial('a PDF should not depend on what the page printed before it', async (t) => {
  const { result } = await first;
  const site = await copySite();
  const checked = await buildSite({ cwd: site, out: path.join(await tempDir(), 'dist'), now: NOW, pdf: false });
  t.true(checked.ok && Boolean(result.config));
  const { compileNotice, createProcessors, publicVersions } = await import('../src/transform/compile-notice.js');
  const { createI18n } = await import('../src/i18n/create-i18n.js');
  const i18n = createI18n(site);
  const processors = createProcessors(i18n);
  const notices = checked.notices.map((n) => compileNotice({ ...n, versions: publicVersions(n, NOW.getTime()) }, processors)!);
  const ctx = { config: checked.config!, t: i18n, pdf: true, feeds: { ko: [], en: [] } };
  const renderer = await startPdfRenderer({ concurrency: 1 });
  try {
    const forward = await renderPdfs(notices, ctx, { renderer });
    const backward = await renderPdfs([...notices].reverse(), ctx, { renderer });
    const bytes = (outputs: typeof forward) => new Map(outputs.map((o) => [o.path, Buffer.from('data' in o ? o.data : '')]));
    const [a, b] = [bytes(forward), bytes(backward)];
    for (const [file, data] of a) t.true(data.equals(b.get(file)!), file);
    for (const [file, data] of a) t.true(data.equals(Buffer.from((await first).pdfs.get(file)!)), `${file} as in the build`);
  } finally {
    await renderer.close();
  }
});

serial('should say clearly when no Chromium can be found or started', async (t) => {
  const missing = await t.throwsAsync(findChromium({ PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' }), { instanceOf: ChromiumNotFoundError });
  t.regex(missing.message, /PUPPETEER_EXECUTABLE_PATH is `\/nonexistent\/chrome`, which is not an executable file/);
  const broken = await t.throwsAsync(launchBrowser({ PUPPETEER_EXECUTABLE_PATH: '/bin/false' }), { instanceOf: ChromiumNotFoundError });
  t.regex(broken.message, /^Could not start Chromium \(\/bin\/false, found via PUPPETEER_EXECUTABLE_PATH\) to render PDFs\. Set PUPPETEER_EXECUTABLE_PATH .* or build with --no-pdf$/);
  t.truthy(broken.cause, 'the launch failure is kept as the cause');
});

serial('should validate options where they enter', async (t) => {
  const { result } = await first;
  const ctx = { config: result.config!, t: {} as never, pdf: true, feeds: { ko: [], en: [] } };
  await t.throwsAsync(renderPdfs([], ctx, { onProgress: 'yes' as never }), { instanceOf: TypeError, message: 'Expected `options.onProgress` to be a function, got `yes` (string)' });
  await t.throwsAsync(startPdfRenderer({ concurrency: 0 }), { instanceOf: TypeError, message: 'Expected `options.concurrency` to be an integer >= 1, got `0` (number)' });
});

test('progress should be about ten plain lines per build when not on a terminal, however many PDFs', (t) => {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (chunk: string) => lines.push(chunk) } as unknown as NodeJS.WritableStream;
  const reporter = reportPdfProgress(stream);
  for (let done = 1; done <= 2000; done++) reporter.onProgress({ done, total: 2000, path: `ko/n${done}/n${done}.ko.pdf`, cached: done <= 1500 });
  reporter.stop();
  t.is(lines.length, 10);
  t.is(lines[0], 'PDFs 200/2000 (200 from the cache)\n');
  t.is(lines.at(-1), 'PDFs 2000/2000 (1500 from the cache)\n');
  const few: string[] = [];
  const small = reportPdfProgress({ isTTY: false, write: (chunk: string) => few.push(chunk) } as unknown as NodeJS.WritableStream);
  small.onProgress({ done: 1, total: 2, path: 'ko/a/a.ko.pdf', cached: true });
  small.onProgress({ done: 2, total: 2, path: 'en/a/a.en.pdf', cached: false });
  t.deepEqual(few, ['PDFs 1/2 (1 from the cache)\n', 'PDFs 2/2 (1 from the cache)\n']);
});

test.after.always(async () => {
  (await listener).close();
});

test('a notice\'s own image whose name has spaces and Korean is printed, not replaced by its description', async (t) => {
  const site = path.join(await tempDir('gongbo-pdf-image-'), 'site');
  await mkdir(path.join(site, 'notices/2026-05-13-chart/files'), { recursive: true });
  await writeFile(path.join(site, 'gongbo.config.yaml'), 'site:\n  url: https://x.go.kr/\n  publisher: { ko: 시험부, en: Ministry of Testing }\ncategories: [notice]\n');
  // SVG attachments are refused (they can carry scripts), so the chart is a PNG (1×1).
  await writeFile(path.join(site, 'notices/2026-05-13-chart/files/차트 1.png'),
    Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
  await writeFile(path.join(site, 'notices/2026-05-13-chart/ko.md'),
    '---\ntitle: 그림 시험\ndate: 2026-05-13T12:00:00+09:00\ndepartment: 시험과\ncategory: notice\n---\n![월별 추이](<files/차트 1.png>)\n');
  const { pdfs } = await build(site);
  const pdf = pdfs.get('ko/2026-05-13-chart/2026-05-13-chart.ko.pdf')!;
  const text = (await pdfPageTexts(pdf)).join('\n');
  t.true(await paintsImage(pdf), 'the image is in the PDF');
  t.false(text.includes('월별 추이]'), 'not replaced by its description');
});
