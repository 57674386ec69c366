-- A notice whose recipient has no address yet is kept, not dropped: AWAITING_ADDRESS, without a channel,
-- until an address of that recipient releases it (PENDING on that channel, then sent as any other).
ALTER TYPE "NotificationStatus" ADD VALUE 'AWAITING_ADDRESS';

ALTER TABLE "Notification" ALTER COLUMN "channel" DROP NOT NULL;

-- A channel exactly when the notice is not waiting for an address. Compared as text: the new enum
-- value cannot be used in the transaction that adds it.
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_channel_unless_awaiting"
  CHECK (("status"::text = 'AWAITING_ADDRESS') = ("channel" IS NULL));
