-- The life of a discrepancy: reported, each party's account attested, a resolution proposed and accepted
-- by both parties, or escalated to the coordinator who decides. Every statement is a row of its own,
-- attributed and never changed.

-- CreateEnum
CREATE TYPE "DiscrepancyStatementType" AS ENUM ('REPORT', 'ACCOUNT', 'PROPOSAL', 'ACCEPTANCE', 'ESCALATION', 'DECISION');

-- AlterTable
ALTER TABLE "Discrepancy" ADD COLUMN "deadlineAt" TIMESTAMPTZ(3),
ADD COLUMN "escalatedAt" TIMESTAMPTZ(3),
ADD COLUMN "resolvedBy" TEXT;

-- CreateTable
CREATE TABLE "DiscrepancyStatement" (
    "discrepancyId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "type" "DiscrepancyStatementType" NOT NULL,
    "principal" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "actingFor" TEXT NOT NULL,
    "text" TEXT,
    "count" INTEGER,
    "tags" TEXT[],
    "proposal" INTEGER,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DiscrepancyStatement_pkey" PRIMARY KEY ("discrepancyId","sequence")
);

-- AddForeignKey
ALTER TABLE "DiscrepancyStatement" ADD CONSTRAINT "DiscrepancyStatement_discrepancyId_fkey" FOREIGN KEY ("discrepancyId") REFERENCES "Discrepancy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Append-only: a statement, once recorded, is never edited or removed (corrections are new statements).
CREATE FUNCTION "discrepancy_statement_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'discrepancy statements are append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER "DiscrepancyStatement_append_only" BEFORE UPDATE OR DELETE ON "DiscrepancyStatement"
  FOR EACH ROW EXECUTE FUNCTION "discrepancy_statement_append_only"();
