-- Operators of the Temporal Web UI: a role for the codec server, no API actions.
ALTER TYPE "Role" ADD VALUE 'OPERATOR';
