-- A search by name or number reads the matching case ids from the index alone (index-only scan), already
-- in caseId order so several name parts merge-join, instead of visiting one heap page per key row.
CREATE INDEX "MissingPersonSearchKey_kind_hash_caseId_idx" ON "MissingPersonSearchKey"("kind", "hash", "caseId");
DROP INDEX "MissingPersonSearchKey_kind_hash_idx";
