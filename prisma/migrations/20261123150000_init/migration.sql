-- CreateEnum
CREATE TYPE "Role" AS ENUM ('owner', 'admin', 'viewer');

-- CreateEnum
CREATE TYPE "AccessTokenKind" AS ENUM ('login', 'personal');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "enforce" BOOLEAN NOT NULL DEFAULT true,
    "requireExp" BOOLEAN NOT NULL DEFAULT false,
    "maxLifetimeSeconds" INTEGER,
    "clockSkewSeconds" INTEGER NOT NULL DEFAULT 5,
    "audience" TEXT,
    "allowedAlgorithms" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "projectId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("projectId","userId")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublicKey" (
    "kid" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT,
    "keyType" TEXT NOT NULL,
    "curve" TEXT,
    "bits" INTEGER,
    "algorithms" TEXT[],
    "fingerprint" TEXT NOT NULL,
    "spkiPem" TEXT NOT NULL,
    "jwk" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" UUID,
    "revokeReason" TEXT,

    CONSTRAINT "PublicKey_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "AccessToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "AccessTokenKind" NOT NULL,
    "name" TEXT,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AccessToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "projectId" UUID,
    "actorId" UUID,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "metadata" JSONB,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageCounter" (
    "projectId" UUID NOT NULL,
    "kid" TEXT NOT NULL DEFAULT '',
    "hour" TIMESTAMPTZ(0) NOT NULL,
    "result" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "UsageCounter_pkey" PRIMARY KEY ("projectId","kid","hour","result")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_projectId_idx" ON "Invitation"("projectId");

-- CreateIndex
CREATE INDEX "PublicKey_projectId_revokedAt_idx" ON "PublicKey"("projectId", "revokedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AccessToken_tokenHash_key" ON "AccessToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AccessToken_userId_kind_idx" ON "AccessToken"("userId", "kind");

-- CreateIndex
CREATE INDEX "AuditEvent_projectId_id_idx" ON "AuditEvent"("projectId", "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_idx" ON "AuditEvent"("actorId");

-- CreateIndex
CREATE INDEX "UsageCounter_projectId_hour_idx" ON "UsageCounter"("projectId", "hour");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicKey" ADD CONSTRAINT "PublicKey_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessToken" ADD CONSTRAINT "AccessToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageCounter" ADD CONSTRAINT "UsageCounter_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- What Prisma's schema language cannot express. Written by hand; keep it when
-- generating later migrations.
-- ---------------------------------------------------------------------------

-- Emails are stored lower-cased, so "User_email_key" is unique case-insensitively.
ALTER TABLE "User" ADD CONSTRAINT "User_email_lowercase_check" CHECK ("email" = lower("email"));

ALTER TABLE "Project" ADD CONSTRAINT "Project_clockSkewSeconds_check" CHECK ("clockSkewSeconds" BETWEEN 0 AND 3600);
ALTER TABLE "Project" ADD CONSTRAINT "Project_maxLifetimeSeconds_check" CHECK ("maxLifetimeSeconds" IS NULL OR "maxLifetimeSeconds" > 0);
ALTER TABLE "PublicKey" ADD CONSTRAINT "PublicKey_name_length_check" CHECK ("name" IS NULL OR char_length("name") BETWEEN 1 AND 64);

-- One active copy of a key per project; revoked copies stay as history.
CREATE UNIQUE INDEX "PublicKey_projectId_fingerprint_active_key" ON "PublicKey"("projectId", "fingerprint") WHERE "revokedAt" IS NULL;

-- At most 25 active keys per project, held by the database itself: the project
-- row lock serialises concurrent adds, so two racing inserts at 24 leave 25.
CREATE FUNCTION signet_enforce_active_key_limit() RETURNS trigger AS $$
BEGIN
  PERFORM 1 FROM "Project" WHERE "id" = NEW."projectId" FOR UPDATE;
  IF (SELECT count(*) FROM "PublicKey" WHERE "projectId" = NEW."projectId" AND "revokedAt" IS NULL) >= 25 THEN
    RAISE EXCEPTION 'signet_key_limit_reached' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "PublicKey_active_limit" BEFORE INSERT ON "PublicKey"
  FOR EACH ROW WHEN (NEW."revokedAt" IS NULL) EXECUTE FUNCTION signet_enforce_active_key_limit();

-- Cross-instance cache invalidation: every change that can alter a verdict
-- notifies 'signet_project_changed' with the project id (delivered on commit).
CREATE FUNCTION signet_notify_key_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('signet_project_changed', COALESCE(NEW."projectId", OLD."projectId")::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION signet_notify_project_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('signet_project_changed', COALESCE(NEW."id", OLD."id")::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "PublicKey_notify_insert_delete" AFTER INSERT OR DELETE ON "PublicKey"
  FOR EACH ROW EXECUTE FUNCTION signet_notify_key_changed();
CREATE TRIGGER "PublicKey_notify_update" AFTER UPDATE OF "revokedAt", "algorithms", "spkiPem" ON "PublicKey"
  FOR EACH ROW EXECUTE FUNCTION signet_notify_key_changed();
CREATE TRIGGER "Project_notify_update" AFTER UPDATE OF "enforce", "requireExp", "maxLifetimeSeconds", "clockSkewSeconds", "audience", "allowedAlgorithms" ON "Project"
  FOR EACH ROW EXECUTE FUNCTION signet_notify_project_changed();
CREATE TRIGGER "Project_notify_delete" AFTER DELETE ON "Project"
  FOR EACH ROW EXECUTE FUNCTION signet_notify_project_changed();
