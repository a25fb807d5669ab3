"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { debugTokenAction } from "@/lib/actions/debug-token";
import { DebugResult } from "./debug-result";

export function TokenDebugger({ projectId }: { projectId: string }) {
  const [state, action, pending] = useActionState(debugTokenAction, null);
  const [token, setToken] = useState("");
  const [audience, setAudience] = useState("");
  const [method, setMethod] = useState("");
  const [body, setBody] = useState("");
  const fields = state && !state.ok ? (state.fields ?? {}) : {};
  const tokenError = fields.token;

  return (
    <div className="space-y-6">
      <form action={action} className="space-y-4" aria-labelledby="debugger-heading" data-testid="token-debugger">
        <div>
          <h2 id="debugger-heading" className="text-base font-semibold">
            Token debugger
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Paste a JWT to see its decoded header and payload and the verdict Signet would give a gateway now, with this
            project&apos;s keys and policy. Nothing is stored, logged or counted.
          </p>
        </div>
        <FormMessage error={state && !state.ok && !tokenError ? state.error : null} />
        <input type="hidden" name="projectId" value={projectId} />
        <div className="space-y-1">
          <label htmlFor="debug-token" className="block text-sm font-medium text-slate-800">
            JWT
          </label>
          <textarea
            id="debug-token"
            name="token"
            rows={5}
            required
            value={token}
            onChange={(e) => setToken(e.target.value)}
            spellCheck={false}
            autoComplete="off"
            placeholder="eyJhbGciOi…"
            aria-invalid={tokenError ? true : undefined}
            aria-describedby={tokenError ? "debug-token-error" : undefined}
            data-testid="debug-token-input"
            className="block w-full break-all rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs shadow-sm placeholder:text-slate-400 aria-[invalid=true]:border-red-500"
          />
          {tokenError ? (
            <p id="debug-token-error" className="text-sm text-red-700">
              {tokenError}
            </p>
          ) : null}
        </div>
        <details className="rounded-md border border-slate-200 px-3 py-2">
          <summary className="cursor-pointer text-sm font-medium">Request context (optional)</summary>
          <div className="mt-3 space-y-3">
            <Field
              label="Audience the gateway serves"
              name="audience"
              id="debug-audience"
              value={audience}
              onChange={(e) => setAudience(e.target.value)}
              placeholder="e.g. rpc.example.com"
              autoComplete="off"
              error={fields.audience}
            />
            <Field
              label="JSON-RPC method"
              name="method"
              id="debug-method"
              value={method}
              onChange={(e) => setMethod(e.target.value)}
              placeholder="e.g. eth_blockNumber"
              autoComplete="off"
              error={fields.method}
            />
            <div className="space-y-1">
              <label htmlFor="debug-body" className="block text-sm font-medium text-slate-800">
                Request body (for a bodyHash claim)
              </label>
              <textarea
                id="debug-body"
                name="body"
                rows={3}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                spellCheck={false}
                aria-invalid={fields.body ? true : undefined}
                aria-describedby={fields.body ? "debug-body-error" : undefined}
                className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs shadow-sm"
              />
              {fields.body ? (
                <p id="debug-body-error" className="text-sm text-red-700">
                  {fields.body}
                </p>
              ) : null}
            </div>
          </div>
        </details>
        <Button type="submit" disabled={pending} data-testid="debug-submit">
          {pending ? "Checking…" : "Decode and verify"}
        </Button>
      </form>
      {state?.ok && state.data ? <DebugResult result={state.data} /> : null}
    </div>
  );
}
