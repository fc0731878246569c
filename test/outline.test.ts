// Outlines pasted from HWP (개조식): nested lists on the page, in the PDF and in feeds; Markdown left alone.
import test from 'ava';
import { pdfPageTexts } from './pdf-text.js';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { unified } from 'unified';
import rehypeRaw from 'rehype-raw';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Element, ElementContent, Root } from 'hast';
import { VFile } from 'vfile';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { buildSite, checkSite } from '../src/build.js';
import { createMarkdownProcessor, markdownToHast } from '../src/transform/markdown-to-hast.js';
import { createNotice } from '../src/new/create-notice.js';
import type { Translate } from '../src/i18n/create-i18n.js';
import { frontMatter, NOW, tempDir, writeSite } from './helpers.js';

const processor = createMarkdownProcessor(((key: string) => key) as unknown as Translate);

function compile(markdown: string): Root {
  return markdownToHast(processor, new VFile({ path: 'ko.md', value: markdown }));
}

function parseHtml(html: string): Root {
  return unified().use(rehypeRaw).runSync({ type: 'root', children: [{ type: 'raw', value: html }] } as unknown as Root) as Root;
}

const textOf = (node: Element) => toString(node).replace(/\s+/g, ' ').trim();
const isElement = (node: ElementContent): node is Element => node.type === 'element';
const isOutline = (node: Element) => node.tagName === 'ul' && String(node.properties.className ?? '').split(' ').includes('outline');

/** An outline as indented lines: each item's text at its depth, each note one step further in. */
function outlineLines(list: Element, depth = 0): string[] {
  const lines: string[] = [];
  for (const li of list.children.filter(isElement)) {
    if (li.tagName !== 'li') lines.push(`unexpected <${li.tagName}> in the list`);
    for (const child of li.children.filter(isElement)) {
      const note = String(child.properties.className ?? '') === 'outline-note';
      if (child.tagName === 'p') lines.push(`${'  '.repeat(note ? depth + 1 : depth)}${textOf(child)}`);
      else if (isOutline(child)) lines.push(...outlineLines(child, depth + 1));
      else lines.push(`unexpected <${child.tagName}> in an item`);
    }
  }
  return lines;
}

/** The blocks of a body, outlines drawn as indented lines, anything else as `<tag> text`. */
function describe(parent: Root | Element): string[] {
  return (parent.children as ElementContent[]).filter(isElement).flatMap((node) => (isOutline(node) ? outlineLines(node) : [`<${node.tagName}> ${textOf(node)}`]));
}

// A release as PR staff paste it from HWP: full-width and ASCII indents, a line the editor wrapped,
// a blank line between the main points, a ※ note, inline Markdown and a ∙ the PDF font lacks.
const PASTED = [
  '□ 과학기술정보통신부는 양자 네트워크 시범 사업을 올해 하반기부터 전국 5개 도시로',
  '확대한다고 밝혔다.',
  '\u3000○ 이번 확대로 시범 구간은 총 120km가 되며, 공공기관 12곳이',
  '\u3000참여한다.',
  '\u3000\u3000- 대전·세종 구간은 9월, 부산 구간은 11월 개통 예정',
  '\u3000\u3000\u3000· 구간별 일정은 붙임 1 참조',
  '\u3000※ 세부 일정은 기관 사정에 따라 바뀔 수 있음',
  '',
  '□ 참여 기관에는 장비 구입비의 **절반**을 지원한다.',
  '  ○ 지원 규모는 기관당 최대 3억 원',
  '    - 신청은 10월 31일까지',
  '      ∙ 온라인 신청만 받음',
].join('\n');

const PASTED_LINES = [
  '□ 과학기술정보통신부는 양자 네트워크 시범 사업을 올해 하반기부터 전국 5개 도시로 확대한다고 밝혔다.',
  '  ○ 이번 확대로 시범 구간은 총 120km가 되며, 공공기관 12곳이 참여한다.',
  '    - 대전·세종 구간은 9월, 부산 구간은 11월 개통 예정',
  '      · 구간별 일정은 붙임 1 참조',
  '    ※ 세부 일정은 기관 사정에 따라 바뀔 수 있음',
  '□ 참여 기관에는 장비 구입비의 절반을 지원한다.',
  '  ○ 지원 규모는 기관당 최대 3억 원',
  '    - 신청은 10월 31일까지',
  '      · 온라인 신청만 받음',
];

test('a pasted outline should become nested lists, each item with its marker and a ※ note under its item', (t) => {
  const tree = compile(PASTED);
  t.deepEqual(describe(tree), PASTED_LINES);
  // Screen readers announce the lists; the marker text is there for readers without CSS only.
  t.true(selectAll('ul.outline', tree).every((ul) => ul.properties.role === 'list'));
  const markers = selectAll('.outline-marker', tree);
  t.deepEqual(markers.map((m) => toString(m)), ['□ ', '○ ', '- ', '· ', '□ ', '○ ', '- ', '· ']);
  t.true(markers.every((m) => m.properties.ariaHidden === 'true'));
  t.is(textOf(select('p.outline-note', tree)!), '※ 세부 일정은 기관 사정에 따라 바뀔 수 있음');
  t.truthy(select('li > p > strong', tree), 'inline Markdown inside an item stays');
});

test('tilde ranges should stay as written, in an outline and in prose; only a double tilde strikes text out', (t) => {
  const tree = compile('□ 추진 일정\n  ○ 1단계 2026~2028년, 2단계 2029~2030년\n\n접수 9~10월, 심사 11~12월.\n\n~~취소된 설명회~~\n');
  const text = toString(tree);
  t.true(text.includes('1단계 2026~2028년, 2단계 2029~2030년'), text);
  t.true(text.includes('접수 9~10월, 심사 11~12월.'), text);
  t.deepEqual(selectAll('del', tree).map((node) => toString(node)), ['취소된 설명회']);
});

test('the level should come from the marker, so a paste that lost its spaces (or has CRLF) nests the same', (t) => {
  const flush = PASTED.split('\n').map((line) => line.replace(/^[ \u3000]+/, '')).join('\r\n');
  // Only the note moves: with no indent left to say otherwise, it belongs to the item right above.
  const expected = PASTED_LINES.map((line) => (line.includes('※') ? `        ${line.trim()}` : line));
  t.deepEqual(describe(compile(flush)), expected);
});

test('a ※ note should attach to the nearest item above indented no more than it', (t) => {
  const tree = compile('□ 제목\n  ○ 내용\n    - 세부\n※ 제목 전체에 대한 참고\n\n※ 빈 줄 뒤의 참고도 같은 개조식에 붙음');
  t.deepEqual(describe(tree), ['□ 제목', '  ○ 내용', '    - 세부', '  ※ 제목 전체에 대한 참고', '  ※ 빈 줄 뒤의 참고도 같은 개조식에 붙음']);
});

test('lines indented as code after a blank line should stay part of the outline', (t) => {
  t.deepEqual(describe(compile('□ 제목\n\n    ○ 네 칸 들여쓴 내용\n      - 세부')), ['□ 제목', '  ○ 네 칸 들여쓴 내용', '    - 세부']);
});

test('Markdown lists and paragraphs that only start with a marker character should stay as they are', (t) => {
  t.deepEqual(describe(compile('- 일정: 9월\n- 장소: 세종')), ['<ul> 일정: 9월 장소: 세종']);
  t.is(select('ul', compile('- 일정: 9월\n- 장소: 세종'))!.properties.className, undefined);
  t.deepEqual(describe(compile('※ 이 자료는 배포 즉시 보도할 수 있습니다.')), ['<p> ※ 이 자료는 배포 즉시 보도할 수 있습니다.']);
  t.deepEqual(describe(compile('· 가운뎃점으로 시작한 문장이\n다음 줄로 이어집니다.')), ['<p> · 가운뎃점으로 시작한 문장이 다음 줄로 이어집니다.']);
  t.deepEqual(describe(compile('- 목록 항목\n  · 우연히 가운뎃점')), ['<ul> 목록 항목 · 우연히 가운뎃점']);
  // A marker needs a space after it, as HWP writes it; a character reference keeps a sentence a sentence.
  t.deepEqual(describe(compile('□제목처럼 보이는 문장')), ['<p> □제목처럼 보이는 문장']);
  t.deepEqual(describe(compile('&#x25CB; 표시는 완료된 항목입니다.')), ['<p> ○ 표시는 완료된 항목입니다.']);
  // `- ` at the left edge after a blank line is how Markdown lists are typed: it ends the outline.
  t.deepEqual(describe(compile('□ 요점\n  ○ 내용\n\n- 일반 목록\n- 둘째')), ['□ 요점', '  ○ 내용', '<ul> 일반 목록 둘째']);
});

test('the sanitizer should still refuse what the outline classes do not need', (t) => {
  const tree = compile('<ul class="evil outline" role="menu"><li class="x">a</li></ul>\n\n<p class="big">b</p> <span aria-hidden="false" class="z">c</span>');
  t.is(select('ul', tree)!.properties.role, undefined);
  t.deepEqual(select('ul', tree)!.properties.className, ['outline']);
  const classes = (selector: string) => select(selector, tree)!.properties.className ?? [];
  t.deepEqual(classes('li'), []);
  t.deepEqual(classes('p'), []);
  t.deepEqual(classes('span'), []);
  t.is(select('span', tree)!.properties.ariaHidden, undefined);
});

// ---------- A whole build: page, feed and PDF ----------

const ID = '2026-05-13-quantum-pilot';

const built = (async () => {
  const cwd = await writeSite({
    [`notices/${ID}/ko.md`]: frontMatter({ title: '양자 네트워크 시범 사업 확대' }, `## 주요 내용\n\n${PASTED}\n\n이상입니다.`),
  });
  const out = path.join(await tempDir('gongbo-outline-'), 'dist');
  const result = await buildSite({ cwd, out, now: NOW, pdf: true });
  if (!result.ok) throw new Error('The outline site did not build');
  return out;
})();

test('the notice page should show the outline as nested lists, the text around it untouched', async (t) => {
  const page = parseHtml(await readFile(path.join(await built, `ko/${ID}/index.html`), 'utf8'));
  const body = select('.notice-body', page)!;
  t.deepEqual(describe(body), ['<h2> 주요 내용', ...PASTED_LINES, '<p> 이상입니다.']);
  t.true(selectAll('.notice-body ul.outline', page).every((ul) => ul.properties.role === 'list'));
});

test('feed content should carry the nested lists with the markers as text, for readers without CSS', async (t) => {
  const feed = JSON.parse(await readFile(path.join(await built, 'ko/feed.json'), 'utf8')) as { items: Array<{ content_html: string }> };
  const content = parseHtml(feed.items[0]!.content_html);
  t.deepEqual(describe(content).slice(0, PASTED_LINES.length + 2), ['<h2> 주요 내용', ...PASTED_LINES, '<p> 이상입니다.']);
  t.regex(feed.items[0]!.content_html, /<li>\s*<p><span class="outline-marker">□ <\/span>과학기술정보통신부는/);
  // A notice without a subtitle is summarised from its text: the markers keep the points apart there too.
  const rss = await readFile(path.join(await built, 'ko/rss.xml'), 'utf8');
  t.regex(rss, /<description>□ 과학기술정보통신부는 .* 확대한다고 밝혔다\. ○ 이번 확대로/);
});

/** The PDF's text, its pages one after another. */
const pdfText = async (bytes: Uint8Array): Promise<string> => (await pdfPageTexts(bytes)).join('\n');

/** The names of the fonts the PDF draws with (CID fonts are reached through their Type 0 parent). */
function fontNames(document: PDFDocument): string[] {
  const names: string[] = [];
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type'))?.toString() !== '/Font') continue;
    if (/^\/CIDFontType[02]$/.test(object.get(PDFName.of('Subtype'))?.toString() ?? '')) continue;
    names.push(object.get(PDFName.of('BaseFont'))?.toString() ?? '');
  }
  return names;
}

test('the PDF should print every item on its own line with its marker, in the embedded font only', async (t) => {
  const bytes = await readFile(path.join(await built, `ko/${ID}/${ID}.ko.pdf`));
  const lines = (await pdfText(bytes)).split('\n').map((line) => line.trim());
  const printed = lines.filter((line) => /^[□○\-·※] /.test(line));
  t.deepEqual(printed, PASTED_LINES.map((line) => line.trim()));
  const fonts = fontNames(await PDFDocument.load(bytes, { updateMetadata: false }));
  t.true(fonts.length > 0);
  t.deepEqual(fonts.filter((name) => !/^\/[A-Z]{6}\+NotoSansKR/.test(name)), [], 'no marker fell back to a font of the machine');
});

// ---------- gongbo new ----------

test('the new-notice template should show an outline, and a published notice that kept it should fail check', async (t) => {
  const cwd = await writeSite({});
  await createNotice({ cwd, slug: 'outline', date: '2026-12-01', languages: ['ko'] });
  const file = path.join(cwd, 'notices/2026-12-01-outline/ko.md');
  const template = await readFile(file, 'utf8');
  const body = compile(template);
  t.deepEqual(describe(body).filter((line) => /^\s*[□○\-※]/.test(line)), [
    '□ 한글(HWP) 문서의 개조식 문단은 그대로 붙여 넣습니다',
    '  ○ □, ○, -, · 순서로 단계가 나뉩니다',
    '    - 줄 앞의 빈칸은 있어도 없어도 됩니다',
    '    ※ ※로 시작하는 줄은 위 항목에 딸린 참고가 됩니다',
  ]);
  t.truthy(select('ul:not(.outline)', body), 'the Markdown list of the template stays a Markdown list');
  // A writer who replaced the prose but kept the example outline is still reminded of it.
  const kept = template.replace(/^본문을 Markdown으로.*$/m, '실제 본문입니다.').replace('status: draft', 'status: published');
  await writeFile(file, kept);
  const checked = await checkSite({ cwd });
  const errors = checked.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => m.reason));
  t.true(errors.some((r) => r.includes("The text still has the template's example `□ 한글(HWP) 문서의 개조식 문단은 그대로 붙여 넣습니다`")));
});
