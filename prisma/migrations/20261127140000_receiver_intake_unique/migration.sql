-- One receiver intake number per receiver per day: it numbers the container's remains case, so a number given
-- twice (concurrent receipt batches before the serial-fifo patch) would fold two containers into one case.
-- A duplicate is now refused. Containers never received (MISSING) have no intake number, and NULLs never
-- collide in a unique index: the same rows are guarded as by a partial index WHERE "receiverIntakeNumber" IS NOT NULL.
-- CreateIndex
CREATE UNIQUE INDEX "RemainsContainer_handoverId_toParty_receiverIntakeNumber_key" ON "RemainsContainer"("handoverId", "toParty", "receiverIntakeNumber");
