export interface Header {
  readonly key: string;
  readonly value: string;
}
export const SECURITY_HEADERS: readonly Header[];
export const API_CSP: Header;
