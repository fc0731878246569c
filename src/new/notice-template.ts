// The starting text of a new notice: front matter filled in from the config, explained in both languages.
import type { Locale } from '../model.js';

export interface TemplateValues {
  date: string;
  department: string;
  category: string;
  categories: string[];
  license: string;
}

const PLACEHOLDER: Record<Locale, { title: string; subtitle: string; body: string; contact: string }> = {
  ko: {
    title: '제목을 입력하세요',
    subtitle: '핵심 내용을 한 줄로 요약하세요',
    contact: '담당자 이름',
    body: `## 주요 내용

본문을 Markdown으로 작성합니다. 문단 사이에는 빈 줄을 둡니다.

- 목록은 하이픈(-)으로 시작합니다.
- 표, 각주[^1], 링크를 쓸 수 있습니다.

□ 한글(HWP) 문서의 개조식 문단은 그대로 붙여 넣습니다
  ○ □, ○, -, · 순서로 단계가 나뉩니다
    - 줄 앞의 빈칸은 있어도 없어도 됩니다
  ※ ※로 시작하는 줄은 위 항목에 딸린 참고가 됩니다

[^1]: 각주 내용은 문서 끝에 모입니다.
`,
  },
  en: {
    title: 'Write the headline here',
    subtitle: 'Sum up the key point in one line',
    contact: 'Contact name',
    body: `## Key points

Write the text in Markdown. Leave a blank line between paragraphs.

- Start list items with a hyphen (-).
- Tables, footnotes[^1] and links work too.

[^1]: Footnotes are gathered at the end of the release.
`,
  },
};

/** The made-up contact the template fills in; a published notice must not keep it. */
export const PLACEHOLDER_PHONE = '044-000-0000';
/** The department written when the config has no `defaults.department`. */
export const PLACEHOLDER_DEPARTMENT: Record<Locale, string> = { ko: '담당 부서', en: 'Division' };
export const PLACEHOLDER_EMAIL = 'press@example.go.kr';

/** Every value of the template that a writer is meant to replace. */
export const TEMPLATE_PLACEHOLDERS: ReadonlySet<string> = new Set([
  ...Object.values(PLACEHOLDER).flatMap((p) => [p.title, p.subtitle, p.contact]),
  PLACEHOLDER_PHONE,
  PLACEHOLDER_EMAIL,
  ...Object.values(PLACEHOLDER_DEPARTMENT),
]);

/** A line of each template body that no real release would contain (and the Korean example outline's first). */
export const TEMPLATE_BODY_LINES: readonly string[] = [
  ...Object.values(PLACEHOLDER).map((p) => p.body.split('\n')[2]!),
  PLACEHOLDER.ko.body.split('\n').find((line) => line.startsWith('□'))!,
];

/** YAML-quote a value when it could be misread (colons, #, leading symbols). */
function yamlText(value: string): string {
  return /^[\w가-힣][^:#\n]*$/u.test(value) && !/\s$/.test(value) ? value : JSON.stringify(value);
}

export function noticeTemplate(locale: Locale, values: TemplateValues): string {
  const p = PLACEHOLDER[locale];
  return `---
# 제목 / Headline
title: ${yamlText(p.title)}
# 부제: 제목 아래 요약 줄 (여러 줄 가능) / Lead lines under the headline (one or more)
subtitle:
  - ${yamlText(p.subtitle)}
# 배포 일시 (이 시각 전에는 어디에도 나가지 않음) / Release time: nothing is published before it
date: ${values.date}
# 담당 부서 / Issuing division
department: ${yamlText(values.department)}
# 문의처 / Contacts
contacts:
  - name: ${yamlText(p.contact)}
    phone: ${PLACEHOLDER_PHONE}
    email: ${PLACEHOLDER_EMAIL}
# 분류: ${values.categories.join(', ')} / Category, one of those
category: ${values.category}
# 주제어 / Tags
tags: []
# 이용 조건: kogl-1 … kogl-4 (두 언어가 같아야 함) / KOGL type, the same in both languages
license: ${values.license}
# 상태: published(게시), draft(초안, 게시 안 함), withdrawn(철회) / Status
status: draft
# 첨부 파일: files/ 폴더에 넣고 적습니다 / Attachments: put them in files/ and list them
# attachments:
#   - file: files/guidelines.pdf
#     title: 안내서 / Guidelines
---
${p.body}`;
}
