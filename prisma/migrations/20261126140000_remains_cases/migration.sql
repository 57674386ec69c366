-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('RECEIVED', 'EXAMINED', 'SAMPLED', 'RESAMPLE', 'PROFILED', 'MATCHED', 'IDENTIFIED', 'FAMILY_INFORMED', 'RELEASED', 'UNIDENTIFIED_RETAINED', 'RETURNED_TO_OTHER_PARTY', 'MERGED');

-- CreateEnum
CREATE TYPE "CaseEventKind" AS ENUM ('STEP', 'SPLIT', 'ABSORBED', 'MERGED', 'REMINDER');

-- CreateTable
CREATE TABLE "RemainsCase" (
    "id" UUID NOT NULL,
    "caseNumber" TEXT NOT NULL,
    "operationId" UUID NOT NULL,
    "receivingParty" TEXT NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'RECEIVED',
    "workflowId" TEXT NOT NULL,
    "responsibleAuthority" TEXT NOT NULL,
    "lastProgressAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RemainsCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseContainer" (
    "caseId" UUID NOT NULL,
    "containerId" UUID NOT NULL,

    CONSTRAINT "CaseContainer_pkey" PRIMARY KEY ("caseId","containerId")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "kind" "CaseEventKind" NOT NULL,
    "step" "CaseStatus" NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "reference" TEXT,
    "relatedCase" TEXT,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RemainsCase_caseNumber_key" ON "RemainsCase"("caseNumber");

-- CreateIndex
CREATE UNIQUE INDEX "RemainsCase_workflowId_key" ON "RemainsCase"("workflowId");

-- CreateIndex
CREATE INDEX "RemainsCase_status_idx" ON "RemainsCase"("status");

-- CreateIndex
CREATE INDEX "RemainsCase_operationId_status_idx" ON "RemainsCase"("operationId", "status");

-- CreateIndex
CREATE INDEX "RemainsCase_receivingParty_status_idx" ON "RemainsCase"("receivingParty", "status");

-- CreateIndex
CREATE INDEX "CaseContainer_containerId_idx" ON "CaseContainer"("containerId");

-- CreateIndex
CREATE UNIQUE INDEX "CaseEvent_caseId_sequence_key" ON "CaseEvent"("caseId", "sequence");

-- AddForeignKey
ALTER TABLE "RemainsCase" ADD CONSTRAINT "RemainsCase_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "RepatriationOperation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseContainer" ADD CONSTRAINT "CaseContainer_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "RemainsCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseContainer" ADD CONSTRAINT "CaseContainer_containerId_fkey" FOREIGN KEY ("containerId") REFERENCES "RemainsContainer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "RemainsCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
