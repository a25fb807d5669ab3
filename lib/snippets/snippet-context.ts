// What every snippet is filled in with. Secrets never are: a gateway reads its key from the
// SIGNET_GATEWAY_KEY environment variable, and a private key stays in private.pem.

export const GATEWAY_KEY_ENV = "SIGNET_GATEWAY_KEY";
/** Shown instead of a kid while the project has no active key. */
export const KID_PLACEHOLDER = "YOUR_KEY_ID";

export interface SignetTarget {
  /** Where this Signet answers, e.g. "https://signet.example.com" (no trailing slash). */
  origin: string;
  projectId: string;
}

export const forwardAuthUrl = ({ origin, projectId }: SignetTarget) => `${origin}/api/internal/forward-auth/${projectId}`;
export const verifyUrl = ({ origin }: Pick<SignetTarget, "origin">) => `${origin}/api/internal/verify`;
