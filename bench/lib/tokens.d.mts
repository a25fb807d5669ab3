import type { TokenStream } from "./wrk.mjs";

export class TokenPool {
  constructor(alg: string, tokens: string[]);
  alg: string;
  tokens: string[];
  readonly size: number;
  stream(name: string): TokenStream;
}
