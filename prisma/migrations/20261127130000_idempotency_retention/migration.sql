-- Idempotency keys are kept a week, then purged by age.
CREATE INDEX "IdempotentRequest_createdAt_idx" ON "IdempotentRequest"("createdAt");
