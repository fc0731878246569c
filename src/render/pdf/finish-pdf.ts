// Rewrites Chromium's PDF with gongbo's metadata, fixed dates and a content-derived id, so its bytes are reproducible.
import { ParseSpeeds, PDFArray, PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import type { Instant } from '../../model.js';
import type { PdfMetadata } from './render-pdf-document.js';
import { renumberStructureIds } from './renumber-structure-ids.js';

export interface FinishOptions {
  metadata: PdfMetadata;
  /** Names the program in `Creator`, e.g. `gongbo 0.1.0`. */
  creator: string;
  /** Hex digest of everything the PDF is made from (at least 32 digits): the document /ID. */
  contentHash: string;
}

/** `D:20260312120000+09'00'`, keeping the offset the notice was written with. */
function pdfDate(instant: Instant): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(instant.iso);
  if (!match) return `D:${new Date(instant.ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
  const [, year, month, day, hour, minute, second = '00', zone] = match;
  const offset = zone === 'Z' ? 'Z' : `${zone!.slice(0, 3)}'${zone!.slice(4)}'`;
  return `D:${year}${month}${day}${hour}${minute}${second}${offset}`;
}

/**
 * Escaped for XML 1.0, whose documents cannot hold most control characters even as references:
 * validation rejects them in the sources, but the packet must stay well-formed whatever it is given.
 */
function xml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** XMP is where PDF readers and archives look for the licence (xmpRights) and the Dublin Core fields. */
function xmpPacket(options: FinishOptions, producer: string): string {
  const { metadata: m } = options;
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xml(text)}</rdf:li><rdf:li xml:lang="${m.language}">${xml(text)}</rdf:li></rdf:Alt>`;
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"',
    ' xmlns:cc="http://creativecommons.org/ns#">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(m.title)}</dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${xml(m.author)}</rdf:li></rdf:Seq></dc:creator>`,
    ...(m.subject ? [`<dc:description>${alt(m.subject)}</dc:description>`] : []),
    ...(m.keywords.length > 0 ? [`<dc:subject><rdf:Bag>${m.keywords.map((k) => `<rdf:li>${xml(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`] : []),
    `<dc:language><rdf:Bag><rdf:li>${m.language}</rdf:li></rdf:Bag></dc:language>`,
    `<dc:rights>${alt(m.rights)}</dc:rights>`,
    `<dc:source>${xml(m.sourceUrl)}</dc:source>`,
    `<xmp:CreateDate>${m.created.iso}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${m.modified.iso}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${m.modified.iso}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${xml(options.creator)}</xmp:CreatorTool>`,
    `<pdf:Producer>${xml(producer)}</pdf:Producer>`,
    ...(m.keywords.length > 0 ? [`<pdf:Keywords>${xml(m.keywords.join(', '))}</pdf:Keywords>`] : []),
    '<xmpRights:Marked>True</xmpRights:Marked>',
    `<xmpRights:WebStatement>${xml(m.licenseUrl)}</xmpRights:WebStatement>`,
    `<cc:license rdf:resource="${xml(m.licenseUrl)}"/>`,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ].join('\n');
}

/**
 * Set the document info, XMP, /Lang and /ID of Chromium's `bytes`. Chromium stamps the clock into
 * the dates and derives the /ID from it; both are replaced, and so are the run-dependent ids of
 * table cells, so the same input gives the same bytes.
 * The structure tree (tagged PDF) is kept as it is.
 */
export async function finishPdf(bytes: Uint8Array, options: FinishOptions): Promise<Uint8Array> {
  if (!/^[0-9a-f]{32,}$/i.test(options.contentHash)) {
    throw new TypeError(`Expected \`contentHash\` to be at least 32 hex digits, got \`${options.contentHash}\``);
  }
  const { metadata: m } = options;
  // pdf-lib yields to the event loop every 100 objects by default, which triples the time a PDF
  // takes here; these documents are small enough to do in one go.
  const document = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const producer = document.getProducer() ?? 'Chromium';
  document.setTitle(m.title, { showInWindowTitleBar: true });
  document.setAuthor(m.author);
  if (m.subject) document.setSubject(m.subject);
  document.setCreator(options.creator);
  document.setProducer(producer);
  document.setLanguage(m.language);

  const { context, catalog } = document;
  const info = context.lookup(context.trailerInfo.Info, PDFDict);
  if (m.keywords.length > 0) info.set(PDFName.of('Keywords'), PDFHexString.fromText(m.keywords.join(', ')));
  info.set(PDFName.of('CreationDate'), PDFString.of(pdfDate(m.created)));
  info.set(PDFName.of('ModDate'), PDFString.of(pdfDate(m.modified)));
  // No standard key names a licence; readers show custom keys in "document properties".
  info.set(PDFName.of('License'), PDFString.of(m.licenseUrl));

  // As UTF-8 bytes: pdf-lib would store a JavaScript string as Latin-1, mangling Korean.
  const metadata = context.stream(new TextEncoder().encode(xmpPacket(options, producer)), { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(PDFName.of('Metadata'), context.register(metadata));
  if (catalog.get(PDFName.of('StructTreeRoot'))) {
    catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: PDFBool.True }));
  }

  renumberStructureIds(document);

  const id = PDFHexString.of(options.contentHash.slice(0, 32).toLowerCase());
  context.trailerInfo.ID = PDFArray.withContext(context);
  (context.trailerInfo.ID as PDFArray).push(id);
  (context.trailerInfo.ID as PDFArray).push(id);

  // Object streams pack the many small objects of the structure tree: about a quarter smaller.
  return document.save({ useObjectStreams: true, objectsPerTick: Number.POSITIVE_INFINITY, addDefaultPage: false, updateFieldAppearances: false });
}
