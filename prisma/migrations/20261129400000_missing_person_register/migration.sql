-- Imports of a party's register of missing persons: the checkpoint a resumed import starts from.
CREATE TABLE "MissingPersonImport" (
    "id" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "lastLine" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "alreadyPresent" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "MissingPersonImport_pkey" PRIMARY KEY ("id")
);
