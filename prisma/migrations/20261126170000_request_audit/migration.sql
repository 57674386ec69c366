-- CreateTable
CREATE TABLE "RequestAudit" (
    "id" UUID NOT NULL,
    "tokenId" UUID NOT NULL,
    "principal" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "party" TEXT,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "requestId" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RequestAudit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RequestAudit_principal_receivedAt_idx" ON "RequestAudit"("principal", "receivedAt");

-- CreateIndex
CREATE INDEX "RequestAudit_tokenId_idx" ON "RequestAudit"("tokenId");
