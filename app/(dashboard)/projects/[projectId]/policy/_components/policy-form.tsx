"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { updatePolicyAction } from "@/lib/actions/update-policy";
import { SUPPORTED_ALGORITHMS, type Algorithm } from "@/lib/keys/algorithms";
import type { ProjectPolicy } from "@/lib/verify/types";
import { AlgorithmChoices } from "./algorithm-choices";
import { PolicyToggle } from "./policy-toggle";

export function PolicyForm({
  projectId,
  policy,
  hasKeys,
  canEdit,
}: {
  projectId: string;
  policy: ProjectPolicy;
  hasKeys: boolean;
  canEdit: boolean;
}) {
  const [state, action, pending] = useActionState(updatePolicyAction, null);
  const [enforce, setEnforce] = useState(policy.enforce);
  const [requireExp, setRequireExp] = useState(policy.requireExp);
  const [maxLifetime, setMaxLifetime] = useState(policy.maxLifetimeSeconds?.toString() ?? "");
  const [clockSkew, setClockSkew] = useState(String(policy.clockSkewSeconds));
  const [audience, setAudience] = useState(policy.audience ?? "");
  const [algorithms, setAlgorithms] = useState<Algorithm[]>(policy.allowedAlgorithms ?? []);
  const fields = state && !state.ok ? (state.fields ?? {}) : {};
  const disabled = !canEdit || pending;

  return (
    <form action={action} className="space-y-5" aria-labelledby="policy-heading" data-testid="policy-form">
      <div>
        <h2 id="policy-heading" className="text-base font-semibold">
          Token policy
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          How gateways verify tokens for this project. Changes apply to the next verification on every Signet instance.
        </p>
      </div>
      {!canEdit ? (
        <p className="text-sm text-slate-600" data-testid="viewer-note">
          You can see this project&apos;s policy but not change it: that needs the admin or owner role.
        </p>
      ) : null}
      <FormMessage error={state && !state.ok ? state.error : null} success={state?.ok ? state.message : null} />
      <input type="hidden" name="projectId" value={projectId} />

      <PolicyToggle
        name="enforce"
        label="Enforce tokens"
        checked={enforce}
        onChange={setEnforce}
        disabled={disabled}
        error={fields.enforce}
        hint={
          hasKeys
            ? "On: every request needs a valid JWT signed by one of this project's keys."
            : "On: once the project has a key, every request needs a valid JWT. Without keys, requests pass."
        }
      />
      {!enforce ? (
        <p role="alert" data-testid="enforce-warning" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          With enforcement off, gateways let every request through — including requests with no token, an expired
          token or a token from a revoked key. Only switch it off on purpose, for example during a migration.
        </p>
      ) : null}

      <PolicyToggle
        name="requireExp"
        label="Require an expiry (exp) in every token"
        checked={requireExp}
        onChange={setRequireExp}
        disabled={disabled}
        error={fields.requireExp}
        hint="Recommended: a token without exp would stay valid until its key is revoked."
      />

      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Maximum token lifetime (seconds)"
          name="maxLifetimeSeconds"
          id="policy-max-lifetime"
          type="number"
          inputMode="numeric"
          min={1}
          max={31_536_000}
          step={1}
          value={maxLifetime}
          onChange={(e) => setMaxLifetime(e.target.value)}
          placeholder="No limit"
          disabled={disabled}
          error={fields.maxLifetimeSeconds}
          hint="exp − iat (or exp − now) may not exceed it. Empty: no limit. Setting it also requires exp."
        />
        <Field
          label="Clock skew (seconds)"
          name="clockSkewSeconds"
          id="policy-clock-skew"
          type="number"
          inputMode="numeric"
          min={0}
          max={3600}
          step={1}
          required
          value={clockSkew}
          onChange={(e) => setClockSkew(e.target.value)}
          disabled={disabled}
          error={fields.clockSkewSeconds}
          hint="Tolerance applied to exp, nbf and iat (0–3600)."
        />
      </div>

      <Field
        label="Audience"
        name="audience"
        id="policy-audience"
        value={audience}
        onChange={(e) => setAudience(e.target.value)}
        maxLength={253}
        placeholder="e.g. rpc.example.com"
        autoComplete="off"
        disabled={disabled}
        error={fields.audience}
        hint="When set, a token's aud must match it. Empty: the audience the gateway passes is used, if any."
      />

      <AlgorithmChoices
        all={SUPPORTED_ALGORITHMS}
        selected={algorithms}
        onChange={setAlgorithms}
        disabled={disabled}
        error={fields.allowedAlgorithms}
      />

      {canEdit ? (
        <Button type="submit" disabled={pending} data-testid="save-policy">
          {pending ? "Saving…" : "Save policy"}
        </Button>
      ) : null}
    </form>
  );
}
