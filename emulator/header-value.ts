import type { IncomingHttpHeaders } from "node:http";

/**
 * One request header as a single string, or `undefined` when absent. Node joins repeated headers into
 * one string for most names but gives an array for a few; both become one string here.
 */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}
