/**
 * Temporal server settings (dynamic config) the service relies on: the dev
 * server gets them as flags, the compose stack from
 * `temporal/dynamicconfig.yaml` (kept equal by test/unit/docker-compose.test.ts).
 *
 * `history.maxInFlightUpdates`: a handover day takes every reporter's updates
 * at once (twenty liaisons and field staff at a busy exchange point). The
 * server's default, 10 per workflow, turns the eleventh away with
 * RESOURCE_EXHAUSTED, and the client sends it again only seconds later.
 */
export const SERVER_DYNAMIC_CONFIG: Record<string, number> = {
  'history.maxInFlightUpdates': 100,
};

/** `--dynamic-config-value key=value` flags for `temporal server start-dev`. */
export const dynamicConfigFlags = (): string[] =>
  Object.entries(SERVER_DYNAMIC_CONFIG).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${value}`]);
