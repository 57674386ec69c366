-- From a match to an answer: remains matched to missing persons, the family told of each identification,
-- and remains found to be nationals of the other side, queued for return.
ALTER TYPE "MissingPersonEventKind" ADD VALUE 'REMAINS_MATCHED';
ALTER TYPE "MissingPersonEventKind" ADD VALUE 'REMAINS_IDENTIFIED';
ALTER TYPE "MissingPersonEventKind" ADD VALUE 'FAMILY_NOTICE_REMINDER';
ALTER TYPE "MissingPersonEventKind" ADD VALUE 'FAMILY_TOLD';
ALTER TYPE "MissingPersonEventKind" ADD VALUE 'REMAINS_FOUND_ACROSS';
ALTER TYPE "MissingPersonEventKind" ADD VALUE 'REMAINS_RETURNED';
ALTER TYPE "CaseEventKind" ADD VALUE 'FOREIGN_NATIONAL';

CREATE TYPE "FindingEvidence" AS ENUM ('DNA_MATCH', 'DOCUMENTS');

CREATE TABLE "RemainsMatch" (
    "id" UUID NOT NULL,
    "remainsCaseId" UUID NOT NULL,
    "missingPersonCaseId" UUID NOT NULL,
    "evidence" "FindingEvidence" NOT NULL,
    "reference" TEXT NOT NULL,
    "kinshipStatistic" DOUBLE PRECISION,
    "recordedBy" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "returnTo" TEXT,
    "returnedAt" TIMESTAMPTZ(3),
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RemainsMatch_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "RemainsMatch_remainsCaseId_key" ON "RemainsMatch"("remainsCaseId");
CREATE INDEX "RemainsMatch_missingPersonCaseId_idx" ON "RemainsMatch"("missingPersonCaseId");
CREATE INDEX "RemainsMatch_returnTo_returnedAt_idx" ON "RemainsMatch"("returnTo", "returnedAt");
ALTER TABLE "RemainsMatch" ADD CONSTRAINT "RemainsMatch_remainsCaseId_fkey" FOREIGN KEY ("remainsCaseId") REFERENCES "RemainsCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "RemainsMatch" ADD CONSTRAINT "RemainsMatch_missingPersonCaseId_fkey" FOREIGN KEY ("missingPersonCaseId") REFERENCES "MissingPersonCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "FamilyNotice" (
    "id" UUID NOT NULL,
    "missingPersonCaseId" UUID NOT NULL,
    "remainsCaseNumber" TEXT NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "informedBy" TEXT,
    "informedAt" TIMESTAMPTZ(3),
    "channel" "ContactChannel",
    "contactPosition" INTEGER,

    CONSTRAINT "FamilyNotice_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "FamilyNotice_missingPersonCaseId_remainsCaseNumber_key" ON "FamilyNotice"("missingPersonCaseId", "remainsCaseNumber");
ALTER TABLE "FamilyNotice" ADD CONSTRAINT "FamilyNotice_missingPersonCaseId_fkey" FOREIGN KEY ("missingPersonCaseId") REFERENCES "MissingPersonCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;
