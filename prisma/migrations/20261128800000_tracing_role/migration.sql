-- The intermediary's tracing officers: missing-person cases and families of both sides.
ALTER TYPE "Role" ADD VALUE 'TRACING_OFFICER';
