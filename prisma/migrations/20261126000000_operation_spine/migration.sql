-- CreateEnum
CREATE TYPE "IntermediaryRole" AS ENUM ('OBSERVER', 'CUSTODIAN');

-- CreateEnum
CREATE TYPE "OperationPhase" AS ENUM ('PLANNED', 'PREPARING', 'IN_PROGRESS', 'SUSPENDED', 'FOLLOW_UP', 'CLOSED', 'ABORTED');

-- CreateTable
CREATE TABLE "Party" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Party_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "RepatriationOperation" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "phase" "OperationPhase" NOT NULL DEFAULT 'PLANNED',
    "workflowId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RepatriationOperation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OperationParty" (
    "operationId" UUID NOT NULL,
    "partyCode" TEXT NOT NULL,

    CONSTRAINT "OperationParty_pkey" PRIMARY KEY ("operationId","partyCode")
);

-- CreateTable
CREATE TABLE "Agreement" (
    "id" UUID NOT NULL,
    "operationId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "venue" TEXT NOT NULL,
    "concludedOn" DATE NOT NULL,
    "windowStart" DATE NOT NULL,
    "windowEnd" DATE NOT NULL,
    "exchangePoints" TEXT[],
    "intermediaryRole" "IntermediaryRole" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlannedTransfer" (
    "agreementId" UUID NOT NULL,
    "fromParty" TEXT NOT NULL,
    "toParty" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "PlannedTransfer_pkey" PRIMARY KEY ("agreementId","fromParty","toParty")
);

-- CreateIndex
CREATE UNIQUE INDEX "RepatriationOperation_reference_key" ON "RepatriationOperation"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "RepatriationOperation_workflowId_key" ON "RepatriationOperation"("workflowId");

-- CreateIndex
CREATE INDEX "RepatriationOperation_phase_idx" ON "RepatriationOperation"("phase");

-- CreateIndex
CREATE INDEX "OperationParty_partyCode_idx" ON "OperationParty"("partyCode");

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_operationId_version_key" ON "Agreement"("operationId", "version");

-- AddForeignKey
ALTER TABLE "OperationParty" ADD CONSTRAINT "OperationParty_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "RepatriationOperation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OperationParty" ADD CONSTRAINT "OperationParty_partyCode_fkey" FOREIGN KEY ("partyCode") REFERENCES "Party"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "RepatriationOperation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedTransfer" ADD CONSTRAINT "PlannedTransfer_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;
