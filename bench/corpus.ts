// The generated archive the site bench builds: one set of bilingual notices, written out for gongbo,
// Eleventy and Hugo with the same Markdown bodies, so that the three build the same text.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type Locale = 'ko' | 'en';
export const LOCALES: Locale[] = ['ko', 'en'];

/** The bench's "now": every generated notice is dated before it, so all of them are published. */
export const NOW = '2026-11-29T12:00:00+09:00';
const LAST_DAY = Date.UTC(2026, 10, 28);
const DAY = 86_400_000;

interface Topic {
  slug: string;
  title: Record<Locale, string>;
  department: Record<Locale, string>;
  tags: Record<Locale, string[]>;
  subject: Record<Locale, string>;
}

const TOPICS: Topic[] = [
  {
    slug: 'ai-semiconductor', subject: { ko: 'AI 반도체', en: 'AI semiconductors' },
    title: { ko: 'AI 반도체 연구개발 성과 발표', en: 'Results of AI semiconductor R&D announced' },
    department: { ko: 'AI반도체산업과', en: 'AI Semiconductor Industry Division' },
    tags: { ko: ['AI반도체', '연구개발'], en: ['AI semiconductors', 'R&D'] },
  },
  {
    slug: 'quantum-testbed', subject: { ko: '양자 테스트베드', en: 'the quantum testbed' },
    title: { ko: '양자컴퓨팅 테스트베드 개방', en: 'Quantum computing testbed opens to users' },
    department: { ko: '양자기술혁신과', en: 'Quantum Technology Innovation Division' },
    tags: { ko: ['양자', '테스트베드'], en: ['quantum', 'testbed'] },
  },
  {
    slug: 'digital-inclusion', subject: { ko: '디지털 포용', en: 'digital inclusion' },
    title: { ko: '디지털 포용 주간 개최', en: 'Digital Inclusion Week to open' },
    department: { ko: '디지털포용정책과', en: 'Digital Inclusion Policy Division' },
    tags: { ko: ['디지털포용', '디지털역량'], en: ['digital inclusion', 'digital skills'] },
  },
  {
    slug: 'data-center-safety', subject: { ko: '데이터센터 안전', en: 'data centre safety' },
    title: { ko: '데이터센터 안전 점검 결과 공개', en: 'Data centre safety inspection results published' },
    department: { ko: '네트워크안전기획과', en: 'Network Safety Planning Division' },
    tags: { ko: ['데이터센터', '안전'], en: ['data centres', 'safety'] },
  },
  {
    slug: 'rnd-budget', subject: { ko: '연구개발 예산', en: 'the R&D budget' },
    title: { ko: '국가 연구개발 예산 배분 방향 확정', en: 'Direction of the national R&D budget confirmed' },
    department: { ko: '연구개발투자기획과', en: 'R&D Investment Planning Division' },
    tags: { ko: ['예산', '연구개발'], en: ['budget', 'R&D'] },
  },
  {
    slug: 'research-hub-call', subject: { ko: 'AI 연구거점', en: 'the AI research hub' },
    title: { ko: '국가 AI 연구거점 사업 공모', en: 'Call for proposals: national AI research hubs' },
    department: { ko: '인공지능기반정책과', en: 'AI Infrastructure Policy Division' },
    tags: { ko: ['인공지능', '공모'], en: ['AI', 'call for proposals'] },
  },
];

const CATEGORIES = ['press-release', 'notice', 'call-for-proposals'];
const REGIONS = {
  ko: ['서울', '부산', '대구', '인천', '광주', '대전', '울산', '세종', '경기', '강원'],
  en: ['Seoul', 'Busan', 'Daegu', 'Incheon', 'Gwangju', 'Daejeon', 'Ulsan', 'Sejong', 'Gyeonggi', 'Gangwon'],
};

/** A small seeded generator: the same corpus on every run and every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedNotice {
  id: string;
  /** ISO time with the Korean offset, as gongbo's front matter writes it. */
  date: string;
  category: string;
  title: Record<Locale, string>;
  subtitle: Record<Locale, string>;
  department: Record<Locale, string>;
  tags: Record<Locale, string[]>;
  body: Record<Locale, string>;
}

function money(n: number): string {
  return n.toLocaleString('en-US');
}

function bodies(topic: Topic, n: number, rnd: () => number): Record<Locale, string> {
  const budget = 100 + Math.floor(rnd() * 9000);
  const firms = 10 + Math.floor(rnd() * 190);
  const rate = (50 + rnd() * 49).toFixed(1);
  const rows = Array.from({ length: 5 }, (_, i) => ({
    region: i, amount: 20 + Math.floor(rnd() * 800), count: 1 + Math.floor(rnd() * 40),
  }));
  const other = TOPICS[(n + 1) % TOPICS.length]!;
  const ko = `과학기술정보통신부(이하 '과기정통부')는 ${topic.subject.ko} 분야에 올해 **${money(budget)}억 원**을 투입한 결과, 참여기관 ${firms}곳에서 목표 달성률 ${rate}%를 기록했다고 밝혔다. 이번 발표는 제${n + 1}차 성과 점검의 결과로, 전문기관과 함께 석 달 동안 현장 조사와 서면 평가를 병행하여 정리한 것이다.

이번 점검에서는 사업별 집행 실적과 기술 성과뿐 아니라 현장의 애로사항도 함께 살펴보았으며, 참여기관 관계자와 외부 전문가 ${10 + (n % 30)}명이 의견을 보탰다. 자세한 내용은 [과기정통부 누리집](https://www.msit.go.kr/)과 [${other.subject.ko} 안내](https://www.msit.go.kr/notice/${other.slug}/${n})에서 볼 수 있다.

## 주요 내용

- **예산 집행**: 배정 예산의 ${rate}%를 집행하고, 남은 예산은 다음 분기 사업에 이월
- **참여 확대**: 중소기업과 대학의 참여 비율을 지난해보다 ${5 + (n % 20)}%포인트 높임
- **지역 균형**: ${REGIONS.ko[n % 10]}과 ${REGIONS.ko[(n + 3) % 10]} 등 수도권 밖 지역에 신규 과제의 절반 이상을 배정
- **성과 공유**: 결과 보고서와 데이터를 공공데이터포털에 공개하여 누구나 활용할 수 있게 함

## 향후 계획

과기정통부는 점검 결과를 바탕으로 다음과 같이 사업을 보완할 계획이다.

1. 성과가 큰 과제에 후속 예산을 우선 배분하고, 부진한 과제는 조기에 정리
2. 참여기관의 행정 부담을 줄이도록 서류 제출을 온라인으로 일원화
3. 분기마다 성과를 점검하고 그 결과를 누리집에 공개

> "현장의 목소리를 듣고 성과를 숫자로 확인하면서 사업을 다듬어 가겠습니다. 국민이 체감할 수 있는 결과를 내도록 끝까지 살피겠습니다."

## 붙임: 지역별 추진 현황

| 지역 | 지원액(억 원) | 과제 수 | 비고 |
| --- | ---: | ---: | --- |
${rows.map((r) => `| ${REGIONS.ko[(r.region + n) % 10]} | ${money(r.amount)} | ${r.count} | ${r.count > 20 ? '확대' : '유지'} |`).join('\n')}

문의: ${topic.department.ko} (044-202-${String(1000 + (n % 9000)).padStart(4, '0')})
`;
  const en = `The Ministry of Science and ICT (MSIT) announced that **KRW ${money(budget * 100)} million** invested this year in ${topic.subject.en} has let ${firms} participating organisations reach ${rate}% of their targets. The announcement follows the ${n + 1}th performance review, carried out with the specialist agencies over three months of site visits and written evaluation.

The review looked at spending and technical results for each programme as well as the difficulties reported in the field, and ${10 + (n % 30)} people from the participating organisations and outside experts contributed their views. Details are on the [MSIT website](https://www.msit.go.kr/eng/) and in the [guide to ${other.subject.en}](https://www.msit.go.kr/eng/notice/${other.slug}/${n}).

## Key points

- **Spending**: ${rate}% of the allocated budget was spent; the remainder carries over to next quarter
- **Wider participation**: the share of small firms and universities rose by ${5 + (n % 20)} percentage points
- **Regional balance**: more than half of the new projects went to regions outside the capital area, including ${REGIONS.en[n % 10]} and ${REGIONS.en[(n + 3) % 10]}
- **Open results**: reports and data are published on the public data portal for anyone to use

## Next steps

Based on the review, MSIT will strengthen the programme as follows:

1. Give follow-on funding first to the projects with the largest results, and close weak projects early
2. Move all paperwork online to lighten the administrative load on participants
3. Review results every quarter and publish them on the website

> "We will keep refining the programme by listening to the field and checking the results in figures. We will see it through so that people feel the difference."

## Attachment: progress by region

| Region | Support (KRW 100 million) | Projects | Note |
| --- | ---: | ---: | --- |
${rows.map((r) => `| ${REGIONS.en[(r.region + n) % 10]} | ${money(r.amount)} | ${r.count} | ${r.count > 20 ? 'expanded' : 'kept'} |`).join('\n')}

Contact: ${topic.department.en} (044-202-${String(1000 + (n % 9000)).padStart(4, '0')})
`;
  return { ko, en };
}

/** `count` notices, newest last, dated one or two a day back from the day before `NOW`. */
export function generateNotices(count: number): GeneratedNotice[] {
  const rnd = random(20261129);
  const notices: GeneratedNotice[] = [];
  for (let n = 0; n < count; n++) {
    const topic = TOPICS[n % TOPICS.length]!;
    const day = new Date(LAST_DAY - Math.floor((count - 1 - n) / 2) * DAY).toISOString().slice(0, 10);
    const hour = n % 2 === 0 ? '10' : '14';
    notices.push({
      id: `${day}-${topic.slug}-${n + 1}`,
      date: `${day}T${hour}:00:00+09:00`,
      category: CATEGORIES[n % CATEGORIES.length]!,
      title: { ko: `${topic.title.ko} (제${n + 1}호)`, en: `${topic.title.en} (No. ${n + 1})` },
      subtitle: {
        ko: `${topic.subject.ko} 분야 제${n + 1}차 성과 점검 결과`,
        en: `Findings of the ${n + 1}th review of ${topic.subject.en}`,
      },
      department: topic.department,
      tags: topic.tags,
      body: bodies(topic, n, rnd),
    });
  }
  return notices;
}

function quoted(text: string): string {
  return JSON.stringify(text);
}

export function gongboFile(notice: GeneratedNotice, locale: Locale, title = notice.title[locale], extra = ''): string {
  return `---
title: ${quoted(title)}
subtitle:
  - ${quoted(notice.subtitle[locale])}
date: ${notice.date}
department: ${quoted(notice.department[locale])}
contacts:
  - name: ${locale === 'ko' ? '김보도' : 'Kim Bodo'}
    phone: 044-202-6000
    email: press@msit.go.kr
category: ${notice.category}
tags:
${notice.tags[locale].map((t) => `  - ${quoted(t)}`).join('\n')}
---

${notice.body[locale]}${extra}`;
}

export function eleventyFile(notice: GeneratedNotice, locale: Locale, title = notice.title[locale], extra = ''): string {
  return `---
title: ${quoted(title)}
date: ${notice.date}
lang: ${locale}
tags: [notices-${locale}]
layout: notice.njk
permalink: /${locale}/${notice.id}/
---

${notice.body[locale]}${extra}`;
}

export function hugoFile(notice: GeneratedNotice, locale: Locale, title = notice.title[locale], extra = ''): string {
  return `---
title: ${quoted(title)}
date: ${notice.date}
tags: [${notice.tags[locale].map(quoted).join(', ')}]
---

${notice.body[locale]}${extra}`;
}

export interface Sites {
  gongbo: string;
  eleventy: string;
  hugo: string;
}

/** Where each tool keeps notice `id` in `locale`, relative to its site folder. */
export const SOURCE_PATH = {
  gongbo: (id: string, locale: Locale) => path.join('notices', id, `${locale}.md`),
  eleventy: (id: string, locale: Locale) => path.join('notices', id, `${locale}.md`),
  hugo: (id: string, locale: Locale) => path.join('content', locale, 'notices', `${id}.md`),
};

/** Where each tool writes the page of notice `id` in `locale`, relative to its site folder. */
export const PAGE_PATH = {
  gongbo: (id: string, locale: Locale) => path.join('dist', locale, id, 'index.html'),
  eleventy: (id: string, locale: Locale) => path.join('_site', locale, id, 'index.html'),
  hugo: (id: string, locale: Locale) => path.join('public', locale, 'notices', id, 'index.html'),
};

export const WRITERS = { gongbo: gongboFile, eleventy: eleventyFile, hugo: hugoFile };

/**
 * Write the corpus under `root`: `gongbo/` (a site with the repository's config), `eleventy/` (input
 * with the templates of bench/eleventy) and, when asked, `hugo/` (with bench/hugo's config and layouts).
 */
export async function writeCorpus(root: string, notices: GeneratedNotice[], packageRoot: string, hugoVersion: string | undefined): Promise<Sites> {
  const withHugo = hugoVersion !== undefined;
  const sites: Sites = { gongbo: path.join(root, 'gongbo'), eleventy: path.join(root, 'eleventy'), hugo: path.join(root, 'hugo') };
  const benchDir = path.join(packageRoot, 'bench');
  // Mirrors play no part in a build; the config's categories and site settings do.
  const config = await readFile(path.join(packageRoot, 'gongbo.config.yaml'), 'utf8');
  await mkdir(sites.gongbo, { recursive: true });
  await writeFile(path.join(sites.gongbo, 'gongbo.config.yaml'), config);
  await cp(path.join(benchDir, 'eleventy', 'site'), sites.eleventy, { recursive: true });
  if (withHugo) {
    await cp(path.join(benchDir, 'hugo'), sites.hugo, { recursive: true });
    const config = path.join(sites.hugo, 'hugo.toml');
    await writeFile(config, hugoConfigFor(await readFile(config, 'utf8'), hugoVersion));
  }
  const tools = withHugo ? (['gongbo', 'eleventy', 'hugo'] as const) : (['gongbo', 'eleventy'] as const);
  for (const notice of notices) {
    for (const tool of tools) {
      for (const locale of LOCALES) {
        const file = path.join(sites[tool], SOURCE_PATH[tool](notice.id, locale));
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, WRITERS[tool](notice, locale));
      }
    }
  }
  return sites;
}

/**
 * bench/hugo/hugo.toml is written for current Hugo (0.128 and later); older releases, such as the
 * 0.111 that Debian 12 ships, know the same settings by their former top-level names.
 */
export function hugoConfigFor(config: string, versionLine: string): string {
  const minor = Number(/v0\.(\d+)/.exec(versionLine)?.[1] ?? 999);
  if (minor >= 128) return config;
  const pagerSize = /\[pagination\]\s*\n\s*pagerSize = (\d+)\n/.exec(config);
  const rssLimit = /\[services\.rss\]\s*\n\s*limit = (\d+)\n/.exec(config);
  const moved = [pagerSize, ...(minor < 114 ? [rssLimit] : [])].filter((m): m is RegExpExecArray => m !== null);
  let out = config;
  for (const match of moved) out = out.replace(match[0], '');
  const legacy = [
    ...(pagerSize ? [`paginate = ${pagerSize[1]}`] : []),
    ...(rssLimit && minor < 114 ? [`rssLimit = ${rssLimit[1]}`] : []),
  ];
  // Top-level keys must come before the first table.
  const firstTable = out.indexOf('\n[');
  return `${out.slice(0, firstTable + 1)}${legacy.join('\n')}\n${out.slice(firstTable + 1)}`;
}
