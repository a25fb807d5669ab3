import type { TokenStream } from "./wrk.mjs";

export class TokenPool {
  constructor(alg: string, tokens: string[]);
  alg: string;
  /** The longest token's length. */
  readonly longest: number;
  readonly size: number;
  token(index: number): string;
  stream(name: string): TokenStream;
}
