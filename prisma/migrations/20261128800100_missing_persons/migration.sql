-- Missing persons and their families: tracing requests, family contacts, their
-- events and the blind index. Personal data columns hold sealed JSON only.

CREATE TYPE "MissingPersonStatus" AS ENUM ('REPORTED', 'ACTIVE', 'IDENTIFIED_DECEASED', 'LOCATED_ALIVE', 'CONFIRMED_DETAINED', 'FAMILY_INFORMED', 'CLOSED');
CREATE TYPE "MissingPersonSource" AS ENUM ('TRACING_REQUEST', 'REGISTER_IMPORT');
CREATE TYPE "ConsentScope" AS ENUM ('IDENTIFICATION_ONLY', 'IDENTIFICATION_AND_COURT');
CREATE TYPE "ContactChannel" AS ENUM ('PHONE', 'EMAIL', 'POST', 'IN_PERSON');
CREATE TYPE "FamilyRelation" AS ENUM ('MOTHER', 'FATHER', 'SON', 'DAUGHTER', 'BROTHER', 'SISTER', 'SPOUSE', 'OTHER_RELATIVE');
CREATE TYPE "MissingPersonEventKind" AS ENUM ('OPENED', 'STATUS', 'REOPENED', 'CONTACT_ADDED', 'CONSENT_CHANGED', 'CONSENT_WITHDRAWN', 'REVIEW', 'REVIEW_DUE');
CREATE TYPE "SearchKeyKind" AS ENUM ('NAME_PART', 'SERVICE_NUMBER');

CREATE TABLE "MissingPersonCase" (
    "id" UUID NOT NULL,
    "caseNumber" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "status" "MissingPersonStatus" NOT NULL DEFAULT 'REPORTED',
    "source" "MissingPersonSource" NOT NULL,
    "personalData" TEXT NOT NULL,
    "workflowId" TEXT,
    "openedBy" TEXT NOT NULL,
    "nextReviewAt" TIMESTAMPTZ(3) NOT NULL,
    "lastReviewAt" TIMESTAMPTZ(3),
    "reviewRemindedFor" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MissingPersonCase_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "FamilyContact" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "relation" "FamilyRelation" NOT NULL,
    "personalData" TEXT NOT NULL,
    "preferredChannel" "ContactChannel" NOT NULL,
    "preferredLanguage" TEXT NOT NULL,
    "receivesRemains" BOOLEAN NOT NULL,
    "consentScope" "ConsentScope",
    "shareWithOtherParty" BOOLEAN NOT NULL,
    "consentWithdrawnAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FamilyContact_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "MissingPersonEvent" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "MissingPersonEventKind" NOT NULL,
    "status" "MissingPersonStatus" NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "reference" TEXT,
    "contactPosition" INTEGER,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MissingPersonEvent_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "MissingPersonSearchKey" (
    "caseId" UUID NOT NULL,
    "kind" "SearchKeyKind" NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "MissingPersonSearchKey_pkey" PRIMARY KEY ("caseId","kind","hash")
);

CREATE UNIQUE INDEX "MissingPersonCase_caseNumber_key" ON "MissingPersonCase"("caseNumber");
CREATE UNIQUE INDEX "MissingPersonCase_workflowId_key" ON "MissingPersonCase"("workflowId");
CREATE INDEX "MissingPersonCase_party_status_idx" ON "MissingPersonCase"("party", "status");
CREATE INDEX "MissingPersonCase_nextReviewAt_idx" ON "MissingPersonCase"("nextReviewAt");
CREATE INDEX "MissingPersonCase_createdAt_caseNumber_idx" ON "MissingPersonCase"("createdAt" DESC, "caseNumber");
CREATE UNIQUE INDEX "FamilyContact_caseId_position_key" ON "FamilyContact"("caseId", "position");
CREATE UNIQUE INDEX "MissingPersonEvent_key_key" ON "MissingPersonEvent"("key");
CREATE INDEX "MissingPersonEvent_caseId_recordedAt_idx" ON "MissingPersonEvent"("caseId", "recordedAt");
CREATE INDEX "MissingPersonSearchKey_kind_hash_idx" ON "MissingPersonSearchKey"("kind", "hash");

ALTER TABLE "FamilyContact" ADD CONSTRAINT "FamilyContact_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "MissingPersonCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "MissingPersonEvent" ADD CONSTRAINT "MissingPersonEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "MissingPersonCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "MissingPersonSearchKey" ADD CONSTRAINT "MissingPersonSearchKey_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "MissingPersonCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;
