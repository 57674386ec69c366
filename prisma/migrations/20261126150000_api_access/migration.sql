-- CreateEnum
CREATE TYPE "Role" AS ENUM ('COORDINATOR', 'PARTY_LIAISON', 'FIELD_STAFF', 'FORENSIC', 'OBSERVER');

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "party" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotentRequest" (
    "tokenId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "status" INTEGER,
    "response" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "IdempotentRequest_pkey" PRIMARY KEY ("tokenId","key")
);

-- CreateTable
CREATE TABLE "DataAccessLog" (
    "id" UUID NOT NULL,
    "principal" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "party" TEXT,
    "dataParty" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "accessedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataAccessLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_principal_idx" ON "ApiToken"("principal");

-- CreateIndex
CREATE INDEX "DataAccessLog_dataParty_accessedAt_idx" ON "DataAccessLog"("dataParty", "accessedAt");
