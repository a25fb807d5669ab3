"use client";

import { useRef, useState, useTransition, type ChangeEvent, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { addPublicKeyAction } from "@/lib/actions/add-public-key";
import { SUPPORTED_ALGORITHMS } from "@/lib/keys/algorithms";
import { containsPrivateKeyMarker } from "@/lib/keys/pem";
import { PRIVATE_KEY_MESSAGE } from "@/lib/keys/results";

const MAX_KEY_BYTES = 16 * 1024;
const ACCEPTED_FILES = ".pem,.jwk,.json,.pub,.crt,.cer,text/plain";

type Feedback = { error?: string; success?: string } | null;

export function AddKeyForm({ projectId, atLimit }: { projectId: string; atLimit: boolean }) {
  const formRef = useRef<HTMLFormElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [publicKey, setPublicKey] = useState("");
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [pending, startTransition] = useTransition();

  // A private key is refused before it leaves the browser; the server refuses it again anyway.
  function refusePrivateKey() {
    setPublicKey("");
    if (fileRef.current) fileRef.current.value = "";
    setFeedback({ error: PRIVATE_KEY_MESSAGE });
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_KEY_BYTES) {
      event.target.value = "";
      setFeedback({ error: "This file is larger than 16 KiB, too large for one public key. Choose the public key file (for example public.pem)." });
      return;
    }
    const text = await file.text();
    if (containsPrivateKeyMarker(text)) return refusePrivateKey();
    setPublicKey(text);
    setFeedback(null);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (containsPrivateKeyMarker(publicKey)) return refusePrivateKey();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await addPublicKeyAction(null, form);
      if (result.ok) {
        formRef.current?.reset();
        setPublicKey("");
        const name = result.data?.name ? ` “${result.data.name}”` : "";
        setFeedback({ success: `Key${name} added. Its key ID (the JWT kid) is ${result.data?.kid}.` });
      } else {
        if (result.code === "private_key_rejected") setPublicKey("");
        setFeedback({ error: result.error });
      }
    });
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-4" aria-labelledby="add-key-heading" data-testid="add-key-form">
      <div>
        <h2 id="add-key-heading" className="text-base font-semibold">
          Add public key
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Paste or upload a PEM public key (PUBLIC KEY or RSA PUBLIC KEY), a PEM certificate or a JWK. Signet gives it a
          key ID for your tokens&apos; <code className="font-mono">kid</code> header.
        </p>
      </div>
      {atLimit ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          The limit of 25 active keys is reached: revoke a key before adding another.
        </p>
      ) : null}
      <FormMessage error={feedback?.error} success={feedback?.success} />
      <input type="hidden" name="projectId" value={projectId} />
      <fieldset disabled={atLimit || pending} className="space-y-4 disabled:opacity-60">
        <div className="space-y-1">
          <label htmlFor="public-key" className="block text-sm font-medium text-slate-800">
            Public key
          </label>
          <textarea
            id="public-key"
            name="publicKey"
            rows={8}
            required
            value={publicKey}
            onChange={(e) => setPublicKey(e.target.value)}
            spellCheck={false}
            autoComplete="off"
            aria-describedby="public-key-hint"
            placeholder={"-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----"}
            data-testid="public-key-input"
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs shadow-sm placeholder:text-slate-400"
          />
          <p id="public-key-hint" className="text-xs text-slate-500">
            Only the public half. Never paste a private key (-----BEGIN PRIVATE KEY-----).
          </p>
        </div>
        <div className="space-y-1">
          <label htmlFor="public-key-file" className="block text-sm font-medium text-slate-800">
            Or upload a key file
          </label>
          <input
            ref={fileRef}
            id="public-key-file"
            type="file"
            accept={ACCEPTED_FILES}
            onChange={onFile}
            data-testid="public-key-file"
            className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium"
          />
          <p className="text-xs text-slate-500">.pem, .jwk, .json, .pub, .crt or .cer; it is read in your browser into the box above.</p>
        </div>
        <Field label="Name (optional)" name="name" id="public-key-name" maxLength={64} placeholder="e.g. CI signer" autoComplete="off" />
        <details className="rounded-md border border-slate-200 px-3 py-2">
          <summary className="cursor-pointer text-sm font-medium text-slate-800">Restrict algorithms (optional)</summary>
          <fieldset className="mt-2">
            <legend className="text-xs text-slate-600">
              Leave all unchecked to allow every algorithm the key supports; check some to allow only those.
            </legend>
            <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
              {SUPPORTED_ALGORITHMS.map((alg) => (
                <label key={alg} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="algorithms" value={alg} className="h-4 w-4" />
                  <span className="font-mono">{alg}</span>
                </label>
              ))}
            </div>
          </fieldset>
        </details>
        <Button type="submit" data-testid="add-key-submit">
          {pending ? "Adding…" : "Add public key"}
        </Button>
      </fieldset>
    </form>
  );
}
