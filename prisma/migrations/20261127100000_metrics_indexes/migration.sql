-- /metrics counts discrepancies by status and kind at every scrape: answered from this index alone.
-- CreateIndex
CREATE INDEX "Discrepancy_status_kind_idx" ON "Discrepancy"("status", "kind");
