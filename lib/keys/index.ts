export { MAX_PUBLIC_KEY_INPUT_BYTES, parsePublicKey } from "./parse-public-key";
export { narrowAlgorithms, type NarrowResult } from "./narrow-algorithms";
export { jwkThumbprint } from "./thumbprint";
export * from "./algorithms";
export type { KeyParseErrorCode, KeyParseResult, ParsedPublicKey, PublicJwk } from "./types";
