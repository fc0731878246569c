// The made-up origin PDF pages load from, and the shape of what gongbo answers its requests with.

/**
 * `.invalid` never resolves (RFC 2606), so nothing on a network can ever answer for it: every
 * request to it is answered by gongbo from memory or from the build's own files, and a PDF page is
 * never loaded from `file://`.
 */
export const PDF_ORIGIN = 'https://gongbo.invalid/';

/** A response gongbo serves to a PDF page. */
export interface Resource {
  contentType: string;
  body: Uint8Array | string;
}

/** Answers a URL with a resource, or `undefined` when it is not one of the build's own files. */
export type ResourceLoader = (url: string) => Promise<Resource | undefined>;
