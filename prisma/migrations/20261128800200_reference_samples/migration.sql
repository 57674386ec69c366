-- Family reference samples: anonymised by barcode, followed to a profile or back to the family for a new one.
ALTER TYPE "MissingPersonEventKind" ADD VALUE 'SAMPLE_COLLECTED';
ALTER TYPE "MissingPersonEventKind" ADD VALUE 'SAMPLE_STATUS';

CREATE TYPE "SampleStatus" AS ENUM ('COLLECTED', 'IN_TRANSIT', 'ACCEPTED', 'REJECTED', 'PROFILED', 'FAILED');
CREATE TYPE "SampleProblem" AS ENUM ('PAPERWORK_INCOMPLETE', 'CONSENT_MISSING', 'DAMAGED', 'CONTAMINATED', 'INSUFFICIENT_MATERIAL', 'LOST_IN_TRANSIT', 'NO_PROFILE', 'OTHER');

CREATE TABLE "ReferenceSample" (
    "id" UUID NOT NULL,
    "barcode" TEXT NOT NULL,
    "caseId" UUID NOT NULL,
    "contactPosition" INTEGER NOT NULL,
    "relation" "FamilyRelation" NOT NULL,
    "laboratory" TEXT NOT NULL,
    "status" "SampleStatus" NOT NULL DEFAULT 'COLLECTED',
    "problem" "SampleProblem",
    "replacementAsked" BOOLEAN NOT NULL DEFAULT false,
    "collectedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReferenceSample_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ReferenceSample_barcode_key" ON "ReferenceSample"("barcode");
CREATE INDEX "ReferenceSample_caseId_idx" ON "ReferenceSample"("caseId");
ALTER TABLE "ReferenceSample" ADD CONSTRAINT "ReferenceSample_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "MissingPersonCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;
