import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { listPublicKeys } from "@/lib/keys/public-keys";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { curlForwardAuthSnippet, curlVerifySnippet } from "@/lib/snippets/curl";
import { envoySnippet } from "@/lib/snippets/envoy";
import { keygenSnippets } from "@/lib/snippets/keygen";
import { nginxSnippet } from "@/lib/snippets/nginx";
import { originFromHeaders } from "@/lib/snippets/origin";
import { signTokenSnippet } from "@/lib/snippets/sign-token";
import { GATEWAY_KEY_ENV } from "@/lib/snippets/snippet-context";
import { traefikSnippet } from "@/lib/snippets/traefik";
import { CodeBlock } from "./_components/code-block";
import { IntegrationFacts } from "./_components/integration-facts";

export const metadata: Metadata = { title: "Integrate" };

const SECTIONS = [
  { id: "generate", title: "Generate a key pair" },
  { id: "sign", title: "Sign a token in Node.js" },
  { id: "verify", title: "Check a token with curl" },
  { id: "gateways", title: "Put a gateway in front of your API" },
] as const;

function Section({ id, title, intro, children }: { id: string; title: string; intro: ReactNode; children: ReactNode }) {
  return (
    <div id={id} className="scroll-mt-4">
      <Card className="space-y-5">
        <div>
          <h2 className="text-base font-semibold">{title}</h2>
          <div className="mt-1 space-y-2 text-sm text-slate-600">{intro}</div>
        </div>
        {children}
      </Card>
    </div>
  );
}

const Code = ({ children }: { children: ReactNode }) => <code className="font-mono text-xs">{children}</code>;

export default async function ProjectSnippetsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const access = await loadProjectPage(projectId);
  const { keys } = await listPublicKeys({ access });
  // Active keys come first, newest first.
  const key = keys.find((candidate) => candidate.status === "active") ?? null;
  const alg = key?.algorithms[0] ?? "ES256";
  const target = { origin: originFromHeaders(await headers()), projectId: access.projectId };

  return (
    <div className="space-y-6">
      <Card className="space-y-4">
        <div>
          <h2 className="text-base font-semibold">Integrate</h2>
          <p className="mt-1 text-sm text-slate-600">
            Copy-ready commands and configuration, filled in with this project&apos;s values. None of them contains a secret: private
            keys stay in <Code>private.pem</Code> on your machine, and gateways read their gateway key from the{" "}
            <Code>{GATEWAY_KEY_ENV}</Code> environment variable — one of the <Code>GATEWAY_KEYS</Code> Signet was started with.
          </p>
        </div>
        <IntegrationFacts projectId={access.projectId} kid={key?.kid ?? null} keyName={key?.name ?? null} origin={target.origin} />
        <nav aria-label="On this page">
          <ol className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {SECTIONS.map((section, index) => (
              <li key={section.id}>
                <a href={`#${section.id}`} className="font-medium text-indigo-700 hover:underline">
                  {index + 1}. {section.title}
                </a>
              </li>
            ))}
          </ol>
        </nav>
      </Card>

      <Section
        id="generate"
        title={SECTIONS[0].title}
        intro={
          <p>
            Run one of these on your machine, then add <Code>public.pem</Code> on the{" "}
            <Link href={`/projects/${access.projectId}`} className="font-medium text-indigo-700 hover:underline">
              Keys tab
            </Link>
            . Keep <Code>private.pem</Code> secret: it signs your tokens and is never uploaded.
          </p>
        }
      >
        <div className="space-y-5">
          {keygenSnippets().map((snippet) => (
            <CodeBlock key={snippet.id} id={`keygen-${snippet.id}`} title={snippet.title} code={snippet.command} />
          ))}
        </div>
      </Section>

      <Section
        id="sign"
        title={SECTIONS[1].title}
        intro={
          <p>
            {key ? (
              <>
                Signs a 60-second token with <Code>private.pem</Code> as {alg}, with the kid of{" "}
                {key.name ? `“${key.name}”` : "the newest active key"} in its header.
              </>
            ) : (
              <>
                Signs a 60-second token with <Code>private.pem</Code>. Replace <Code>YOUR_KEY_ID</Code> with the key ID Signet gives
                the public key when you add it.
              </>
            )}
          </p>
        }
      >
        <CodeBlock id="sign-token" title="sign-token.mjs" code={signTokenSnippet({ kid: key?.kid ?? null, alg })} />
      </Section>

      <Section
        id="verify"
        title={SECTIONS[2].title}
        intro={
          <p>
            Ask Signet what it would answer a gateway. Set <Code>{GATEWAY_KEY_ENV}</Code> in your shell first; Signet answers 401
            without it.
          </p>
        }
      >
        <CodeBlock id="curl-verify" title="POST /api/internal/verify" code={curlVerifySnippet(target)} />
        <CodeBlock id="curl-forward-auth" title="GET /api/internal/forward-auth" code={curlForwardAuthSnippet(target)} />
      </Section>

      <Section
        id="gateways"
        title={SECTIONS[3].title}
        intro={
          <p>
            The gateway asks Signet&apos;s forward-auth endpoint about every request: 200 lets it through, with{" "}
            <Code>X-Signet-Kid</Code> and <Code>X-Signet-Sub</Code> for your API; 401 stops it. Replace{" "}
            <Code>my-api:8080</Code> and <Code>api.example.com</Code> with your own.
          </p>
        }
      >
        <CodeBlock id="nginx" title="nginx (auth_request)" code={nginxSnippet(target)} />
        <CodeBlock id="traefik" title="Traefik (ForwardAuth middleware)" code={traefikSnippet(target)} />
        <CodeBlock id="envoy" title="Envoy (ext_authz HTTP service)" code={envoySnippet(target)}>
          Envoy appends the request&apos;s path to <Code>path_prefix</Code>; the trailing <Code>?path=</Code> turns it into a query
          string Signet ignores.
        </CodeBlock>
      </Section>
    </div>
  );
}
