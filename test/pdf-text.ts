// What a reader's copy-and-paste gives from a PDF, page by page (pdf.js, as browsers use it).
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each page of the PDF `bytes`. */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, disableFontFace: true, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await document.destroy();
  return pages;
}
