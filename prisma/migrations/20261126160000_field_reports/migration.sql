-- CreateEnum
CREATE TYPE "IncidentKind" AS ENUM ('SECURITY', 'DELAY', 'EQUIPMENT', 'OTHER');

-- CreateTable
CREATE TABLE "SpotCheck" (
    "handoverId" UUID NOT NULL,
    "fromParty" TEXT NOT NULL,
    "toParty" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "sealIntact" BOOLEAN NOT NULL,
    "note" TEXT,
    "checkedBy" TEXT NOT NULL,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SpotCheck_pkey" PRIMARY KEY ("handoverId","fromParty","tag")
);

-- CreateTable
CREATE TABLE "HandoverIncident" (
    "id" UUID NOT NULL,
    "handoverId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "kind" "IncidentKind" NOT NULL,
    "note" TEXT NOT NULL,
    "reportedBy" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HandoverIncident_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "HandoverIncident_handoverId_sequence_key" ON "HandoverIncident"("handoverId", "sequence");

-- AddForeignKey
ALTER TABLE "SpotCheck" ADD CONSTRAINT "SpotCheck_handoverId_fkey" FOREIGN KEY ("handoverId") REFERENCES "Handover"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HandoverIncident" ADD CONSTRAINT "HandoverIncident_handoverId_fkey" FOREIGN KEY ("handoverId") REFERENCES "Handover"("id") ON DELETE CASCADE ON UPDATE CASCADE;
