-- CreateEnum
CREATE TYPE "HandoverStatus" AS ENUM ('SCHEDULED', 'IN_PROGRESS', 'COUNTS_RECORDED', 'SIGNED_OFF', 'POSTPONED', 'REFUSED', 'ABORTED');

-- CreateEnum
CREATE TYPE "ManifestStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'ACKNOWLEDGED', 'FINAL');

-- CreateEnum
CREATE TYPE "CountSource" AS ENUM ('SENDER', 'RECEIVER', 'INTERMEDIARY');

-- CreateEnum
CREATE TYPE "LineOutcome" AS ENUM ('RECEIVED', 'MISSING', 'EXTRA');

-- CreateEnum
CREATE TYPE "DiscrepancyKind" AS ENUM ('COUNT_MISMATCH', 'MISSING_TAG', 'EXTRA_TAG', 'COMMINGLED', 'FOREIGN_NATIONAL', 'BROKEN_SEAL', 'SCHEDULE_DISPUTE');

-- CreateEnum
CREATE TYPE "DiscrepancyStatus" AS ENUM ('OPEN', 'RESOLVED', 'ESCALATED');

-- CreateTable
CREATE TABLE "AgreementConfirmation" (
    "agreementId" UUID NOT NULL,
    "partyCode" TEXT NOT NULL,
    "confirmedBy" TEXT NOT NULL,
    "confirmedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AgreementConfirmation_pkey" PRIMARY KEY ("agreementId","partyCode")
);

-- CreateTable
CREATE TABLE "Handover" (
    "id" UUID NOT NULL,
    "operationId" UUID NOT NULL,
    "dayKey" TEXT NOT NULL,
    "scheduledOn" DATE NOT NULL,
    "exchangePoint" TEXT NOT NULL,
    "status" "HandoverStatus" NOT NULL DEFAULT 'SCHEDULED',
    "statusReason" TEXT,
    "workflowId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Handover_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HandoverTransfer" (
    "handoverId" UUID NOT NULL,
    "fromParty" TEXT NOT NULL,
    "toParty" TEXT NOT NULL,
    "plannedCount" INTEGER NOT NULL,

    CONSTRAINT "HandoverTransfer_pkey" PRIMARY KEY ("handoverId","fromParty","toParty")
);

-- CreateTable
CREATE TABLE "Manifest" (
    "id" UUID NOT NULL,
    "handoverId" UUID NOT NULL,
    "fromParty" TEXT NOT NULL,
    "toParty" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "ManifestStatus" NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "acknowledgedBy" TEXT,
    "acknowledgedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Manifest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ManifestLine" (
    "manifestId" UUID NOT NULL,
    "lineNo" INTEGER NOT NULL,
    "tag" TEXT NOT NULL,
    "declaredAffiliation" TEXT,

    CONSTRAINT "ManifestLine_pkey" PRIMARY KEY ("manifestId","lineNo")
);

-- CreateTable
CREATE TABLE "HandoverCount" (
    "handoverId" UUID NOT NULL,
    "fromParty" TEXT NOT NULL,
    "toParty" TEXT NOT NULL,
    "source" "CountSource" NOT NULL,
    "count" INTEGER NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HandoverCount_pkey" PRIMARY KEY ("handoverId","fromParty","toParty","source")
);

-- CreateTable
CREATE TABLE "HandoverSignOff" (
    "handoverId" UUID NOT NULL,
    "partyCode" TEXT NOT NULL,
    "signedBy" TEXT NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HandoverSignOff_pkey" PRIMARY KEY ("handoverId","partyCode")
);

-- CreateTable
CREATE TABLE "RemainsContainer" (
    "id" UUID NOT NULL,
    "handoverId" UUID NOT NULL,
    "fromParty" TEXT NOT NULL,
    "toParty" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "outcome" "LineOutcome" NOT NULL,
    "custodian" TEXT NOT NULL,
    "receiverIntakeNumber" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RemainsContainer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustodyEvent" (
    "id" UUID NOT NULL,
    "containerId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "fromCustodian" TEXT,
    "toCustodian" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "attestedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustodyEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Discrepancy" (
    "id" UUID NOT NULL,
    "operationId" UUID NOT NULL,
    "handoverId" UUID,
    "key" TEXT NOT NULL,
    "kind" "DiscrepancyKind" NOT NULL,
    "status" "DiscrepancyStatus" NOT NULL DEFAULT 'OPEN',
    "details" JSONB NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolution" TEXT,

    CONSTRAINT "Discrepancy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Handover_workflowId_key" ON "Handover"("workflowId");

-- CreateIndex
CREATE INDEX "Handover_status_idx" ON "Handover"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Handover_operationId_dayKey_key" ON "Handover"("operationId", "dayKey");

-- CreateIndex
CREATE UNIQUE INDEX "Manifest_handoverId_fromParty_toParty_version_key" ON "Manifest"("handoverId", "fromParty", "toParty", "version");

-- CreateIndex
CREATE UNIQUE INDEX "ManifestLine_manifestId_tag_key" ON "ManifestLine"("manifestId", "tag");

-- CreateIndex
CREATE INDEX "RemainsContainer_custodian_idx" ON "RemainsContainer"("custodian");

-- CreateIndex
CREATE UNIQUE INDEX "RemainsContainer_handoverId_fromParty_tag_key" ON "RemainsContainer"("handoverId", "fromParty", "tag");

-- CreateIndex
CREATE UNIQUE INDEX "CustodyEvent_containerId_sequence_key" ON "CustodyEvent"("containerId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "Discrepancy_key_key" ON "Discrepancy"("key");

-- CreateIndex
CREATE INDEX "Discrepancy_operationId_status_idx" ON "Discrepancy"("operationId", "status");

-- CreateIndex
CREATE INDEX "Discrepancy_handoverId_idx" ON "Discrepancy"("handoverId");

-- AddForeignKey
ALTER TABLE "AgreementConfirmation" ADD CONSTRAINT "AgreementConfirmation_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Handover" ADD CONSTRAINT "Handover_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "RepatriationOperation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HandoverTransfer" ADD CONSTRAINT "HandoverTransfer_handoverId_fkey" FOREIGN KEY ("handoverId") REFERENCES "Handover"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Manifest" ADD CONSTRAINT "Manifest_handoverId_fkey" FOREIGN KEY ("handoverId") REFERENCES "Handover"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManifestLine" ADD CONSTRAINT "ManifestLine_manifestId_fkey" FOREIGN KEY ("manifestId") REFERENCES "Manifest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HandoverCount" ADD CONSTRAINT "HandoverCount_handoverId_fkey" FOREIGN KEY ("handoverId") REFERENCES "Handover"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HandoverSignOff" ADD CONSTRAINT "HandoverSignOff_handoverId_fkey" FOREIGN KEY ("handoverId") REFERENCES "Handover"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemainsContainer" ADD CONSTRAINT "RemainsContainer_handoverId_fkey" FOREIGN KEY ("handoverId") REFERENCES "Handover"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustodyEvent" ADD CONSTRAINT "CustodyEvent_containerId_fkey" FOREIGN KEY ("containerId") REFERENCES "RemainsContainer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Discrepancy" ADD CONSTRAINT "Discrepancy_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "RepatriationOperation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Discrepancy" ADD CONSTRAINT "Discrepancy_handoverId_fkey" FOREIGN KEY ("handoverId") REFERENCES "Handover"("id") ON DELETE CASCADE ON UPDATE CASCADE;
