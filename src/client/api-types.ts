/**
 * The API's paths, parameters, bodies and answers as TypeScript types,
 * generated from the OpenAPI document by `npm run openapi -- types`. Do not edit.
 */
export interface paths {
  '/identity': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Where people sign in: the OpenID Provider, client id, resource and scopes
     * @description People sign in at the OpenID Provider with the authorization code flow and PKCE, and send its access token as `Authorization: Bearer <token>`. Machines use API tokens instead. 404 when no provider is configured.
     */
    get: operations['signInSettings'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The process is alive */
    get: operations['liveness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * PostgreSQL and Temporal are reachable (and whether the identity provider is)
     * @description Answers 503 when PostgreSQL or Temporal is down. An unreachable OpenID Provider does not make the API unready (people already signed in keep working until their tokens expire, machines use API tokens): it answers `degraded`, with `identity: unreachable` and why.
     */
    get: operations['readiness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List remains cases (a party sees only its own), by status, operation and party, a page at a time
     * @description Roles: COORDINATOR, PARTY_LIAISON, FIELD_STAFF, FORENSIC, OBSERVER. A party's token reaches only its own party's cases; any other answers 404.
     */
    get: operations['listCases'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cases/{caseNumber}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Read one remains case: its events, containers and chain of custody (a party sees only its own)
     * @description Roles: COORDINATOR, PARTY_LIAISON, FIELD_STAFF, FORENSIC, OBSERVER. A party's token reaches only its own party's cases; any other answers 404.
     */
    get: operations['readCase'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cases/{caseNumber}/steps': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record the next forensic step of a case (forensic staff of the receiving party)
     * @description Roles: FORENSIC. A party's token reaches only its own party's cases; any other answers 404.
     */
    post: operations['recordCaseStep'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cases/{caseNumber}/split': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Open new cases for remains found with this one (forensic staff of the receiving party)
     * @description Roles: FORENSIC. A party's token reaches only its own party's cases; any other answers 404.
     */
    post: operations['splitCase'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cases/{caseNumber}/merge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Absorb another case of the same party into this one (forensic staff of the receiving party)
     * @description Roles: FORENSIC. A party's token reaches only its own party's cases; any other answers 404.
     */
    post: operations['mergeCase'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List operations (a party sees only its own), by phase, a page at a time
     * @description Roles: COORDINATOR, PARTY_LIAISON, FIELD_STAFF, FORENSIC, OBSERVER. A party's token lists only the operations its party takes part in.
     */
    get: operations['listOperations'];
    put?: never;
    /**
     * Start an operation from a negotiated agreement
     * @description Checked besides the schema (400, naming the field): the two parties’ codes differ; `window.end` is not before `window.start`; `concludedOn` is not after `window.end`; each planned transfer goes from one party of the agreement to the other (`from` and `to` are its two codes), and each direction is planned at most once.
     *
     *     Roles: COORDINATOR.
     */
    post: operations['createOperation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Read one operation with its workflow status
     * @description Roles: COORDINATOR, PARTY_LIAISON, FIELD_STAFF, FORENSIC, OBSERVER. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    get: operations['readOperation'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/confirmations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Confirm the current agreement version for your own party
     * @description Roles: PARTY_LIAISON. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['confirmTerms'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/amendments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Amend the agreement (a new version both parties confirm again)
     * @description Checked besides the schema (400, naming the field): the two parties’ codes differ; `window.end` is not before `window.start`; `concludedOn` is not after `window.end`; each planned transfer goes from one party of the agreement to the other (`from` and `to` are its two codes), and each direction is planned at most once.
     *
     *     Roles: COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['amendAgreement'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Schedule a handover day (a child workflow)
     * @description Roles: COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['scheduleHandover'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/suspension': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Suspend the operation
     * @description Roles: COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['suspendOperation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/resumption': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Resume a suspended operation
     * @description Roles: COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['resumeOperation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/abort': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Abort the operation; open days end
     * @description Roles: COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['abortOperation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handover-completion': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * End the handover phase (no day left open); case follow-up goes on
     * @description Roles: COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['completeHandovers'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/closure': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Close an operation in follow-up; refused (409, naming them) while any discrepancy is not resolved
     * @description Roles: COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['closeOperation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Read a handover day (by the date first scheduled, or the date it was postponed to): live state, counts with their authors, discrepancies
     * @description Roles: COORDINATOR, PARTY_LIAISON, FIELD_STAFF, FORENSIC, OBSERVER. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    get: operations['readHandoverDay'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/manifests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Submit (or correct) the sending party's manifest
     * @description Checked besides the schema (400, naming the line): a tag is on one line of the manifest only.
     *
     *     Roles: PARTY_LIAISON. A party's token reaches only operations its party takes part in; any other answers 404. A liaison acts only for its own party (`from`).
     */
    post: operations['submitManifest'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/manifests/{from}/{to}/{version}/acknowledgement': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Acknowledge the latest manifest, as the receiving party
     * @description Roles: PARTY_LIAISON. A party's token reaches only operations its party takes part in; any other answers 404. A liaison acts only for its own party (`to`).
     */
    post: operations['acknowledgeManifest'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/opening': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Open the day (every manifest acknowledged)
     * @description Roles: FIELD_STAFF, COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['openHandoverDay'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/counts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Attest a count: SENDER by the liaison of from, RECEIVER by the liaison of to, INTERMEDIARY by field staff
     * @description Roles: PARTY_LIAISON, FIELD_STAFF. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['recordCount'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/receipts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record containers taken over, by tag, as the receiving party (from the intermediary when it is custodian)
     * @description Roles: PARTY_LIAISON. A party's token reaches only operations its party takes part in; any other answers 404. A liaison acts only for its own party (`to`).
     */
    post: operations['recordReceipt'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/custody/take-overs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Attest, as the intermediary's field staff, that it took containers over from the sender (custodian role only); the receiver then records their receipt from the intermediary
     * @description Roles: FIELD_STAFF. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['takeOverCustody'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/custody/hand-overs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Attest, as the custodian that releases them, the hand-over of containers (custodian role only): the sender’s liaison to the intermediary, after its take-over; the intermediary’s field staff to the receiver, before its receipt
     * @description Roles: PARTY_LIAISON, FIELD_STAFF. A party's token reaches only operations its party takes part in; any other answers 404. A liaison acts only for its own party (`from`).
     */
    post: operations['handOverCustody'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/sign-offs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign the day off for your own party
     * @description Roles: PARTY_LIAISON. A party's token reaches only operations its party takes part in; any other answers 404. A liaison acts only for its own party (`party`).
     */
    post: operations['signOffHandoverDay'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/postponement': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Postpone a day not yet opened, to a later date within the agreed window that has no other day
     * @description Roles: COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['postponeHandoverDay'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/refusal': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Refuse a day not yet opened, for your own party
     * @description Roles: PARTY_LIAISON. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['refuseHandoverDay'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/abort': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Abort the day
     * @description Roles: COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['abortHandoverDay'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/spot-checks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Spot-check a container of the day at the exchange point (once per tag); a broken seal opens a discrepancy
     * @description Roles: FIELD_STAFF. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['recordSpotCheck'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/incidents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Report an incident of the day; a SECURITY incident alerts the coordinator
     * @description Roles: FIELD_STAFF, COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['recordIncident'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/custody/verification': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Recompute the chain of custody of every container of the operation (a party: those it sent or received) and say whether it holds
     * @description Roles: COORDINATOR, PARTY_LIAISON, FIELD_STAFF, FORENSIC, OBSERVER. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    get: operations['verifyOperationCustody'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/handovers/{date}/containers/{from}/{tag}/custody': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One container's chain of custody with its hashes, recomputed (a sender sees it until it left its custody)
     * @description Roles: COORDINATOR, PARTY_LIAISON, FIELD_STAFF, FORENSIC, OBSERVER. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    get: operations['readContainerCustody'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The operation report: counts per day and direction, manifest lines against receipts, discrepancies, custody, cases by status (a party: its own cases)
     * @description A PDF by default (`application/pdf`, with a chart of the days’ progress), or CSV with `?format=csv` (`text/csv`). It is also sent to each party and to the intermediary with the notification that the operation is closed.
     *
     *     Roles: COORDINATOR, PARTY_LIAISON, FIELD_STAFF, FORENSIC, OBSERVER. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    get: operations['readOperationReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Who this token is: principal, role and party
     * @description Roles: COORDINATOR, PARTY_LIAISON, FIELD_STAFF, FORENSIC, OBSERVER, OPERATOR, TRACING_OFFICER.
     */
    get: operations['whoAmI'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/missing-persons': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List or search missing-person cases by name or service number (a party sees its own side only)
     * @description A case whose sealed personal data this service cannot open (sealed under a key its PAYLOAD_KEYS does not hold) is listed with `name: null` and `personalDataUnreadable` saying why; the rest of the list is unaffected.
     *
     *     Roles: TRACING_OFFICER, PARTY_LIAISON, FORENSIC. A party's token reaches only the missing-person cases of its own side (never the other side's families); any other answers 404.
     */
    get: operations['listMissingPersonCases'];
    put?: never;
    /**
     * Open a missing-person case (a tracing request) with the ante-mortem data and 1–4 family contacts
     * @description Checked besides the schema (400, naming the field): a `caseNumber` given starts with `MP-<party>-`; `person.lastKnownDate` is not before `person.dateOfBirth`.
     *
     *     Roles: TRACING_OFFICER. A party's token reaches only the missing-person cases of its own side (never the other side's families); any other answers 404.
     */
    post: operations['openMissingPersonCase'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/missing-persons/{caseNumber}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Read a missing-person case with its family contacts, matched remains, family notices and history (a party sees its own side only)
     * @description Answers 500 with the problem type `/problems/personal-data-unreadable` when the case’s sealed personal data (the person’s or a relative’s) cannot be opened by this service: the detail names the key id and what an operator does (operators’ guide, "Rotating keys"). Nothing is read then.
     *
     *     Roles: TRACING_OFFICER, PARTY_LIAISON, FORENSIC. A party's token reaches only the missing-person cases of its own side (never the other side's families); any other answers 404.
     */
    get: operations['readMissingPersonCase'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/missing-persons/{caseNumber}/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Move a missing-person case on: ACTIVE, an outcome, FAMILY_INFORMED, CLOSED; ACTIVE again reopens it
     * @description Roles: TRACING_OFFICER. A party's token reaches only the missing-person cases of its own side (never the other side's families); any other answers 404.
     */
    post: operations['changeMissingPersonStatus'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/missing-persons/{caseNumber}/contacts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Add a family contact (at most 4 per case)
     * @description Roles: TRACING_OFFICER. A party's token reaches only the missing-person cases of its own side (never the other side's families); any other answers 404.
     */
    post: operations['addFamilyContact'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/missing-persons/{caseNumber}/contacts/{position}/consent': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record a relative's consent anew, or its withdrawal (effective at once)
     * @description Roles: TRACING_OFFICER. A party's token reaches only the missing-person cases of its own side (never the other side's families); any other answers 404.
     */
    post: operations['recordFamilyConsent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/missing-persons/{caseNumber}/reviews': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record a periodic review held with the family; the next is due a year later
     * @description Roles: TRACING_OFFICER. A party's token reaches only the missing-person cases of its own side (never the other side's families); any other answers 404.
     */
    post: operations['recordFamilyReview'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/missing-persons/{caseNumber}/samples': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record a reference sample collected from a relative; it gets an anonymised barcode for the laboratory
     * @description Roles: TRACING_OFFICER. A party's token reaches only the missing-person cases of its own side (never the other side's families); any other answers 404.
     */
    post: operations['collectReferenceSample'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reference-samples/{barcode}/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Move a reference sample on (IN_TRANSIT, ACCEPTED / REJECTED, PROFILED / FAILED); a rejected or failed one asks for a new sample
     * @description A party's forensic service reaches only its own side's samples; any other answers 404.
     *
     *     Roles: TRACING_OFFICER, FORENSIC. A party's token reaches only the missing-person cases of its own side (never the other side's families); any other answers 404.
     */
    post: operations['changeReferenceSampleStatus'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/discrepancies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the operation's discrepancies (those a handover day opened and those reported), oldest first
     * @description Roles: COORDINATOR, PARTY_LIAISON, FIELD_STAFF, FORENSIC, OBSERVER. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    get: operations['listDiscrepancies'];
    put?: never;
    /**
     * Report a discrepancy (count mismatch, missing or extra tag, commingled bag, foreign national, …)
     * @description Checked besides the schema: `direction.from` and `direction.to` differ (400); they are the parties of the operation (409: which parties those are is the operation’s state).
     *
     *     Roles: PARTY_LIAISON, FIELD_STAFF, COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['reportDiscrepancy'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/discrepancies/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Read a discrepancy with every attributed statement, in order
     * @description Roles: COORDINATOR, PARTY_LIAISON, FIELD_STAFF, FORENSIC, OBSERVER. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    get: operations['readDiscrepancy'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/discrepancies/{id}/accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Attest your party's account (or the intermediary's); a later account adds to the record
     * @description Roles: PARTY_LIAISON, FIELD_STAFF, COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['attestDiscrepancyAccount'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/discrepancies/{id}/proposals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Propose a resolution, once both parties' accounts are attested; it replaces an earlier proposal
     * @description Roles: PARTY_LIAISON, COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['proposeDiscrepancyResolution'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/discrepancies/{id}/acceptances': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Accept the current proposal for your party; both parties' acceptances resolve the discrepancy
     * @description Roles: PARTY_LIAISON. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['acceptDiscrepancyResolution'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/discrepancies/{id}/escalation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Escalate an open discrepancy to the coordinator
     * @description Roles: PARTY_LIAISON, FIELD_STAFF, COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['escalateDiscrepancy'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/operations/{reference}/discrepancies/{id}/decision': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Decide an escalated discrepancy (resolves it)
     * @description Roles: COORDINATOR. A party's token reaches only operations its party takes part in; any other answers 404.
     */
    post: operations['decideDiscrepancy'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cases/{caseNumber}/matches': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record a DNA match between this remains case and a missing person of the same party (forensic staff of the receiving party)
     * @description Roles: FORENSIC. A party's token reaches only its own party's cases; any other answers 404.
     */
    post: operations['recordMatch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cases/{caseNumber}/foreign-national': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record that the remains are a person reported missing by the other side's families (by match or documents): they are queued to go back
     * @description Roles: FORENSIC, TRACING_OFFICER. A party's token reaches only its own party's cases; any other answers 404.
     */
    post: operations['recordForeignNational'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cases/{caseNumber}/shared-record': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The shared record of a remains case: its status, history and any finding that it holds a national of the other side (for both parties once found)
     * @description Roles: COORDINATOR, TRACING_OFFICER, OBSERVER, PARTY_LIAISON, FORENSIC. A party's token reaches its own party's remains cases and the other side's found to hold a national of its own; any other answers 404.
     */
    get: operations['readSharedCaseRecord'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/returns': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Remains waiting to go back to the other side (nationals of it found among the received), for the next operation's manifest
     * @description Roles: COORDINATOR, TRACING_OFFICER, PARTY_LIAISON, FORENSIC. A party's token reaches only its own party's cases; any other answers 404.
     */
    get: operations['listReturns'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/missing-persons/{caseNumber}/family-informed': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record that the family was told of an identification through its designated contact (who: the token's principal; when; how)
     * @description Roles: PARTY_LIAISON, FORENSIC. A party's token reaches only the missing-person cases of its own side (never the other side's families); any other answers 404.
     */
    post: operations['recordFamilyInformed'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notifications/awaiting-address': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Notifications kept because their recipient has no address yet, the oldest first
     * @description Nothing is dropped for want of an address: each of these is sent once an address is set for its recipient (`npm run recipients -- set <recipient> WEBHOOK|EMAIL …`), on that channel, once. Identifiers only: what a notification carries is not shown here.
     *
     *     Roles: COORDINATOR, OPERATOR.
     */
    get: operations['listNotificationsAwaitingAddress'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Problem: {
      type: string;
      title: string;
      status: number;
      detail?: string;
      instance?: string;
      errors?: {
        /** @description JSON Pointer (RFC 6901) to the wrong field */
        pointer?: string;
        message?: string;
      }[];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  signInSettings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * Format: uri
             * @description The OpenID Provider; its discovery document is at {issuer}/.well-known/openid-configuration
             */
            issuer: string;
            /** @description The public client browsers use: authorization code with PKCE (S256) */
            clientId: string;
            /** @description The resource indicator (RFC 8707) of this API: the `aud` of its access tokens */
            resource: string;
            /** @description The scopes to ask for */
            scope: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  liveness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status: 'ok';
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readiness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'ready' | 'degraded';
            checks: {
              /** @constant */
              postgres: 'ok';
              /** @constant */
              temporal: 'ok';
              /**
               * @description Absent when no provider is configured
               * @enum {string}
               */
              identity?: 'ok' | 'unreachable';
            };
            detail?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A dependency is unavailable; retry */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listCases: {
    parameters: {
      query?: {
        status?:
          | 'RECEIVED'
          | 'EXAMINED'
          | 'SAMPLED'
          | 'RESAMPLE'
          | 'PROFILED'
          | 'MATCHED'
          | 'IDENTIFIED'
          | 'FAMILY_INFORMED'
          | 'RELEASED'
          | 'UNIDENTIFIED_RETAINED'
          | 'RETURNED_TO_OTHER_PARTY'
          | 'MERGED';
        operation?: string;
        party?: string;
        limit?: number;
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /** @example PM-UA-2025-00417 */
              caseNumber: string;
              /** @enum {string} */
              status:
                | 'RECEIVED'
                | 'EXAMINED'
                | 'SAMPLED'
                | 'RESAMPLE'
                | 'PROFILED'
                | 'MATCHED'
                | 'IDENTIFIED'
                | 'FAMILY_INFORMED'
                | 'RELEASED'
                | 'UNIDENTIFIED_RETAINED'
                | 'RETURNED_TO_OTHER_PARTY'
                | 'MERGED';
              /** @example RU-UA-2025-06 */
              operationReference: string;
              /** @example UA */
              receivingParty: string;
              responsibleAuthority: string;
              /** Format: date-time */
              lastProgressAt: string;
              /** Format: date-time */
              createdAt: string;
            }[];
            total: number;
            limit: number;
            offset: number;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readCase: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example PM-UA-2025-00417 */
            caseNumber: string;
            /** @enum {string} */
            status:
              | 'RECEIVED'
              | 'EXAMINED'
              | 'SAMPLED'
              | 'RESAMPLE'
              | 'PROFILED'
              | 'MATCHED'
              | 'IDENTIFIED'
              | 'FAMILY_INFORMED'
              | 'RELEASED'
              | 'UNIDENTIFIED_RETAINED'
              | 'RETURNED_TO_OTHER_PARTY'
              | 'MERGED';
            /** @example RU-UA-2025-06 */
            operationReference: string;
            /** @example UA */
            receivingParty: string;
            responsibleAuthority: string;
            /** Format: date-time */
            lastProgressAt: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            events: {
              sequence: number;
              /** @enum {string} */
              kind: 'STEP' | 'SPLIT' | 'ABSORBED' | 'MERGED' | 'REMINDER' | 'FOREIGN_NATIONAL';
              /**
               * @description The case’s status after the event
               * @enum {string}
               */
              step:
                | 'RECEIVED'
                | 'EXAMINED'
                | 'SAMPLED'
                | 'RESAMPLE'
                | 'PROFILED'
                | 'MATCHED'
                | 'IDENTIFIED'
                | 'FAMILY_INFORMED'
                | 'RELEASED'
                | 'UNIDENTIFIED_RETAINED'
                | 'RETURNED_TO_OTHER_PARTY'
                | 'MERGED';
              recordedBy: string;
              /** Format: date-time */
              occurredAt: string;
              /** Format: date-time */
              recordedAt: string;
              reference: string | null;
              relatedCase: string | null;
            }[];
            containers: {
              /** Format: uuid */
              id: string;
              tag: string;
              /** @example UA */
              fromParty: string;
              /** @example UA */
              toParty: string;
              custodian: string;
              receiverIntakeNumber: string | null;
              handover: {
                dayKey: string;
                /** Format: date */
                scheduledOn: string;
                exchangePoint: string;
              };
              custody: {
                sequence: number;
                fromCustodian: string | null;
                toCustodian: string;
                place: string;
                /** Format: date-time */
                occurredAt: string;
                attestedBy: string;
              }[];
            }[];
            workflow: {
              id: string;
              /** @description RUNNING, COMPLETED, ... or UNKNOWN when Temporal no longer knows it */
              status: string;
              /**
               * Format: uri
               * @description The workflow in the Temporal Web UI
               */
              url: string;
            };
          };
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  recordCaseStep: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:recordCaseStep:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          step:
            | 'EXAMINED'
            | 'SAMPLED'
            | 'RESAMPLE'
            | 'PROFILED'
            | 'MATCHED'
            | 'IDENTIFIED'
            | 'FAMILY_INFORMED'
            | 'RELEASED'
            | 'UNIDENTIFIED_RETAINED'
            | 'RETURNED_TO_OTHER_PARTY';
          /**
           * Format: date-time
           * @description Not in the future (5 minutes of clock skew allowed)
           */
          occurredAt?: string;
          /** @example sample-0042 */
          reference?: string;
          /** @description For RELEASED: the position of the family contact the remains go to (only the one designated to receive them) */
          releasedTo?: number;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example PM-UA-2025-00417 */
            caseNumber: string;
            /** @example RU-UA-2025-06 */
            operationReference: string;
            /** @example UA */
            receivingParty: string;
            responsibleAuthority: string;
            containerIds: string[];
            /** @enum {string} */
            status:
              | 'RECEIVED'
              | 'EXAMINED'
              | 'SAMPLED'
              | 'RESAMPLE'
              | 'PROFILED'
              | 'MATCHED'
              | 'IDENTIFIED'
              | 'FAMILY_INFORMED'
              | 'RELEASED'
              | 'UNIDENTIFIED_RETAINED'
              | 'RETURNED_TO_OTHER_PARTY'
              | 'MERGED';
            profiled: boolean;
            sequence: number;
            /** Format: date-time */
            lastProgressAt: string;
            mergedInto?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A dependency is unavailable; retry */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  splitCase: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:splitCase:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          parts: number;
          /**
           * Format: date-time
           * @description Not in the future (5 minutes of clock skew allowed)
           */
          occurredAt?: string;
          /** @example sample-0042 */
          reference?: string;
          containerIds?: string[];
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            caseNumbers: string[];
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A dependency is unavailable; retry */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  mergeCase: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:mergeCase:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example PM-UA-2025-00417 */
          absorbedCaseNumber: string;
          /**
           * Format: date-time
           * @description Not in the future (5 minutes of clock skew allowed)
           */
          occurredAt?: string;
          /** @example sample-0042 */
          reference?: string;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example PM-UA-2025-00417 */
            caseNumber: string;
            /** @example RU-UA-2025-06 */
            operationReference: string;
            /** @example UA */
            receivingParty: string;
            responsibleAuthority: string;
            containerIds: string[];
            /** @enum {string} */
            status:
              | 'RECEIVED'
              | 'EXAMINED'
              | 'SAMPLED'
              | 'RESAMPLE'
              | 'PROFILED'
              | 'MATCHED'
              | 'IDENTIFIED'
              | 'FAMILY_INFORMED'
              | 'RELEASED'
              | 'UNIDENTIFIED_RETAINED'
              | 'RETURNED_TO_OTHER_PARTY'
              | 'MERGED';
            profiled: boolean;
            sequence: number;
            /** Format: date-time */
            lastProgressAt: string;
            mergedInto?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A dependency is unavailable; retry */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listOperations: {
    parameters: {
      query?: {
        phase?: 'PLANNED' | 'PREPARING' | 'IN_PROGRESS' | 'SUSPENDED' | 'FOLLOW_UP' | 'CLOSED' | 'ABORTED';
        limit?: number;
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /** @example RU-UA-2025-06 */
              reference: string;
              title: string;
              /** @enum {string} */
              phase: 'PLANNED' | 'PREPARING' | 'IN_PROGRESS' | 'SUSPENDED' | 'FOLLOW_UP' | 'CLOSED' | 'ABORTED';
              parties: {
                /** @example UA */
                code: string;
                /** @example Ukraine */
                name: string;
              }[];
              createdAt: string | null;
            }[];
            total: number;
            limit: number;
            offset: number;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createOperation: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:createOperation:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example RU-UA-2025-06 */
          reference: string;
          /** @example Repatriation of June 2025 */
          title: string;
          agreement: {
            parties: [
              {
                /** @example UA */
                code: string;
                /** @example Ukraine */
                name: string;
              },
              {
                /** @example UA */
                code: string;
                /** @example Ukraine */
                name: string;
              },
            ];
            /** @example Istanbul */
            venue: string;
            /** Format: date */
            concludedOn: string;
            window: {
              /** Format: date */
              start: string;
              /** Format: date */
              end: string;
            };
            exchangePoints: string[];
            plannedTransfers: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
              count: number;
            }[];
            /** @enum {string} */
            intermediaryRole: 'OBSERVER' | 'CUSTODIAN';
          };
        };
      };
    };
    responses: {
      /** @description Done */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example RU-UA-2025-06 */
            reference: string;
            workflow: {
              id: string;
              runId: string;
              /**
               * Format: uri
               * @description The workflow in the Temporal Web UI
               */
              url: string;
            };
            links: {
              self: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readOperation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example RU-UA-2025-06 */
            reference: string;
            title: string;
            /** @enum {string} */
            phase: 'PLANNED' | 'PREPARING' | 'IN_PROGRESS' | 'SUSPENDED' | 'FOLLOW_UP' | 'CLOSED' | 'ABORTED';
            /** @description false while the first record is still being written */
            recorded: boolean;
            parties: {
              /** @example UA */
              code: string;
              /** @example Ukraine */
              name: string;
            }[];
            agreement: {
              /** @example Istanbul */
              venue: string;
              /** Format: date */
              concludedOn: string;
              window: {
                /** Format: date */
                start: string;
                /** Format: date */
                end: string;
              };
              exchangePoints: string[];
              plannedTransfers: {
                /** @example UA */
                from: string;
                /** @example UA */
                to: string;
                count: number;
              }[];
              /** @enum {string} */
              intermediaryRole: 'OBSERVER' | 'CUSTODIAN';
              version: number;
            } | null;
            workflow: {
              id: string;
              /** @description RUNNING, COMPLETED, FAILED, ... or UNKNOWN when Temporal cannot be reached */
              status: string;
              /**
               * Format: uri
               * @description The workflow in the Temporal Web UI
               */
              url: string;
            };
            /** @description null while the first record is still being written */
            progress: {
              handovers: {
                dayKey: string;
                date: string;
                status: string;
                exchangePoint: string;
              }[];
              /** @description Per direction ("RU>UA"), per source (SENDER, RECEIVER, INTERMEDIARY): counts recorded so far */
              totals: {
                [key: string]: {
                  [key: string]: number;
                };
              };
              discrepancies: {
                open: number;
                byKind: {
                  [key: string]: number;
                };
              };
              /** @description Per receiving party, per case status; a party sees its own side only */
              cases: {
                [key: string]: {
                  [key: string]: number;
                };
              };
            } | null;
            createdAt: string | null;
            updatedAt: string | null;
          };
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  confirmTerms: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:confirmTerms:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The agreement version being confirmed (the current one) */
          version: number;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example RU-UA-2025-06 */
            reference: string;
            /** @enum {string} */
            phase: 'PLANNED' | 'PREPARING' | 'IN_PROGRESS' | 'SUSPENDED' | 'FOLLOW_UP' | 'CLOSED' | 'ABORTED';
            agreementVersion: number;
            recorded: boolean;
            /** @description Party code → principal who confirmed */
            confirmations: {
              [key: string]: string;
            };
            termsConfirmed: boolean;
            reminders: number;
            handovers: {
              [key: string]: {
                workflowId: string;
                /** Format: date */
                date: string;
                /** @enum {string} */
                status:
                  'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
              };
            };
            /** @description Per direction ("RU>UA"), per count source: the sum over signed-off days */
            totals: {
              [key: string]: {
                [key: string]: number;
              };
            };
            phaseReason?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  amendAgreement: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:amendAgreement:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          agreement: {
            parties: [
              {
                /** @example UA */
                code: string;
                /** @example Ukraine */
                name: string;
              },
              {
                /** @example UA */
                code: string;
                /** @example Ukraine */
                name: string;
              },
            ];
            /** @example Istanbul */
            venue: string;
            /** Format: date */
            concludedOn: string;
            window: {
              /** Format: date */
              start: string;
              /** Format: date */
              end: string;
            };
            exchangePoints: string[];
            plannedTransfers: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
              count: number;
            }[];
            /** @enum {string} */
            intermediaryRole: 'OBSERVER' | 'CUSTODIAN';
          };
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example RU-UA-2025-06 */
            reference: string;
            /** @enum {string} */
            phase: 'PLANNED' | 'PREPARING' | 'IN_PROGRESS' | 'SUSPENDED' | 'FOLLOW_UP' | 'CLOSED' | 'ABORTED';
            agreementVersion: number;
            recorded: boolean;
            /** @description Party code → principal who confirmed */
            confirmations: {
              [key: string]: string;
            };
            termsConfirmed: boolean;
            reminders: number;
            handovers: {
              [key: string]: {
                workflowId: string;
                /** Format: date */
                date: string;
                /** @enum {string} */
                status:
                  'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
              };
            };
            /** @description Per direction ("RU>UA"), per count source: the sum over signed-off days */
            totals: {
              [key: string]: {
                [key: string]: number;
              };
            };
            phaseReason?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  scheduleHandover: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:scheduleHandover:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: date
           * @description The day, within the agreed window; it also names the day for good
           */
          date: string;
          /** @example Belarus–Ukraine border */
          exchangePoint: string;
          transfers: {
            /** @example UA */
            from: string;
            /** @example UA */
            to: string;
            plannedCount: number;
          }[];
        };
      };
    };
    responses: {
      /** @description Done */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            workflowId: string;
            links: {
              self: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  suspendOperation: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:suspendOperation:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example Security situation at the exchange point */
          reason: string;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example RU-UA-2025-06 */
            reference: string;
            /** @enum {string} */
            phase: 'PLANNED' | 'PREPARING' | 'IN_PROGRESS' | 'SUSPENDED' | 'FOLLOW_UP' | 'CLOSED' | 'ABORTED';
            agreementVersion: number;
            recorded: boolean;
            /** @description Party code → principal who confirmed */
            confirmations: {
              [key: string]: string;
            };
            termsConfirmed: boolean;
            reminders: number;
            handovers: {
              [key: string]: {
                workflowId: string;
                /** Format: date */
                date: string;
                /** @enum {string} */
                status:
                  'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
              };
            };
            /** @description Per direction ("RU>UA"), per count source: the sum over signed-off days */
            totals: {
              [key: string]: {
                [key: string]: number;
              };
            };
            phaseReason?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  resumeOperation: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:resumeOperation:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example RU-UA-2025-06 */
            reference: string;
            /** @enum {string} */
            phase: 'PLANNED' | 'PREPARING' | 'IN_PROGRESS' | 'SUSPENDED' | 'FOLLOW_UP' | 'CLOSED' | 'ABORTED';
            agreementVersion: number;
            recorded: boolean;
            /** @description Party code → principal who confirmed */
            confirmations: {
              [key: string]: string;
            };
            termsConfirmed: boolean;
            reminders: number;
            handovers: {
              [key: string]: {
                workflowId: string;
                /** Format: date */
                date: string;
                /** @enum {string} */
                status:
                  'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
              };
            };
            /** @description Per direction ("RU>UA"), per count source: the sum over signed-off days */
            totals: {
              [key: string]: {
                [key: string]: number;
              };
            };
            phaseReason?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  abortOperation: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:abortOperation:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example Security situation at the exchange point */
          reason: string;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example RU-UA-2025-06 */
            reference: string;
            /** @enum {string} */
            phase: 'PLANNED' | 'PREPARING' | 'IN_PROGRESS' | 'SUSPENDED' | 'FOLLOW_UP' | 'CLOSED' | 'ABORTED';
            agreementVersion: number;
            recorded: boolean;
            /** @description Party code → principal who confirmed */
            confirmations: {
              [key: string]: string;
            };
            termsConfirmed: boolean;
            reminders: number;
            handovers: {
              [key: string]: {
                workflowId: string;
                /** Format: date */
                date: string;
                /** @enum {string} */
                status:
                  'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
              };
            };
            /** @description Per direction ("RU>UA"), per count source: the sum over signed-off days */
            totals: {
              [key: string]: {
                [key: string]: number;
              };
            };
            phaseReason?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  completeHandovers: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:completeHandovers:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example RU-UA-2025-06 */
            reference: string;
            /** @enum {string} */
            phase: 'PLANNED' | 'PREPARING' | 'IN_PROGRESS' | 'SUSPENDED' | 'FOLLOW_UP' | 'CLOSED' | 'ABORTED';
            agreementVersion: number;
            recorded: boolean;
            /** @description Party code → principal who confirmed */
            confirmations: {
              [key: string]: string;
            };
            termsConfirmed: boolean;
            reminders: number;
            handovers: {
              [key: string]: {
                workflowId: string;
                /** Format: date */
                date: string;
                /** @enum {string} */
                status:
                  'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
              };
            };
            /** @description Per direction ("RU>UA"), per count source: the sum over signed-off days */
            totals: {
              [key: string]: {
                [key: string]: number;
              };
            };
            phaseReason?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  closeOperation: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:closeOperation:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example RU-UA-2025-06 */
            reference: string;
            /** @enum {string} */
            phase: 'PLANNED' | 'PREPARING' | 'IN_PROGRESS' | 'SUSPENDED' | 'FOLLOW_UP' | 'CLOSED' | 'ABORTED';
            agreementVersion: number;
            recorded: boolean;
            /** @description Party code → principal who confirmed */
            confirmations: {
              [key: string]: string;
            };
            termsConfirmed: boolean;
            reminders: number;
            handovers: {
              [key: string]: {
                workflowId: string;
                /** Format: date */
                date: string;
                /** @enum {string} */
                status:
                  'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
              };
            };
            /** @description Per direction ("RU>UA"), per count source: the sum over signed-off days */
            totals: {
              [key: string]: {
                [key: string]: number;
              };
            };
            phaseReason?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readHandoverDay: {
    parameters: {
      query?: {
        include?: 'tags';
      };
      header?: never;
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            operationReference: string;
            /**
             * Format: date
             * @description The date first scheduled; it names the day even when postponed
             */
            dayKey: string;
            /** Format: date */
            date: string;
            exchangePoint: string;
            parties: string[];
            /** @enum {string} */
            status:
              'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
            statusReason?: string;
            /** @description Known while the day runs */
            suspended?: boolean;
            escalated: boolean;
            /** @description true when the running workflow answered; false: from PostgreSQL alone */
            live: boolean;
            directions: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
              plannedCount: number;
              manifest: {
                version: number;
                status: string;
                lines: number;
                submittedBy?: string;
                acknowledgedBy?: string;
              } | null;
              counts: {
                [key: string]: {
                  count: number;
                  recordedBy?: string;
                  /** Format: date-time */
                  recordedAt?: string;
                };
              };
              received: number;
              extra: number;
              missing: number;
              /** @description Only with ?include=tags */
              tags?: {
                manifest: string[];
                received: string[];
                extra: string[];
                missing: string[];
              };
            }[];
            signOffs: {
              [key: string]: {
                signedBy: string;
                /** Format: date-time */
                signedAt?: string;
              };
            };
            discrepancies?: {
              /** Format: uuid */
              id: string;
              key: string;
              kind: string;
              status: string;
              /** Format: date-time */
              openedAt: string;
              details: {
                [key: string]: unknown;
              };
              links: {
                /** @description The discrepancy, with its statements */
                self: string;
              };
            }[];
            /** @description Known while the day runs: the changes it has answered and how many of them PostgreSQL holds (the record catches up within moments; `refused` names a write that waits for its cause to be fixed) */
            records?: {
              made: number;
              written: number;
              /** @description Why the oldest change not yet written was refused */
              refused?: string;
            };
            workflow?: {
              id: string;
              status: string;
              /** Format: uri */
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  submitManifest: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:submitManifest:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example UA */
          from: string;
          /** @example UA */
          to: string;
          lines: {
            /** @example RU-2025-000417 */
            tag: string;
            declaredAffiliation?: string;
            declaredIdentity?: {
              name: string;
              /** Format: date */
              dateOfBirth?: string;
            };
          }[];
        };
      };
    };
    responses: {
      /** @description Done */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            version: number;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  acknowledgeManifest: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:acknowledgeManifest:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
        from: string;
        to: string;
        version: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            version: number;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  openHandoverDay: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:openHandoverDay:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            operationReference: string;
            /**
             * Format: date
             * @description The date first scheduled; it names the day even when postponed
             */
            dayKey: string;
            /** Format: date */
            date: string;
            exchangePoint: string;
            parties: string[];
            /** @enum {string} */
            status:
              'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
            statusReason?: string;
            /** @description Known while the day runs */
            suspended?: boolean;
            escalated: boolean;
            /** @description true when the running workflow answered; false: from PostgreSQL alone */
            live: boolean;
            directions: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
              plannedCount: number;
              manifest: {
                version: number;
                status: string;
                lines: number;
                submittedBy?: string;
                acknowledgedBy?: string;
              } | null;
              counts: {
                [key: string]: {
                  count: number;
                  recordedBy?: string;
                  /** Format: date-time */
                  recordedAt?: string;
                };
              };
              received: number;
              extra: number;
              missing: number;
              /** @description Only with ?include=tags */
              tags?: {
                manifest: string[];
                received: string[];
                extra: string[];
                missing: string[];
              };
            }[];
            signOffs: {
              [key: string]: {
                signedBy: string;
                /** Format: date-time */
                signedAt?: string;
              };
            };
            discrepancies?: {
              /** Format: uuid */
              id: string;
              key: string;
              kind: string;
              status: string;
              /** Format: date-time */
              openedAt: string;
              details: {
                [key: string]: unknown;
              };
              links: {
                /** @description The discrepancy, with its statements */
                self: string;
              };
            }[];
            /** @description Known while the day runs: the changes it has answered and how many of them PostgreSQL holds (the record catches up within moments; `refused` names a write that waits for its cause to be fixed) */
            records?: {
              made: number;
              written: number;
              /** @description Why the oldest change not yet written was refused */
              refused?: string;
            };
            workflow?: {
              id: string;
              status: string;
              /** Format: uri */
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  recordCount: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:recordCount:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example UA */
          from: string;
          /** @example UA */
          to: string;
          /** @enum {string} */
          source: 'SENDER' | 'RECEIVER' | 'INTERMEDIARY';
          count: number;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            operationReference: string;
            /**
             * Format: date
             * @description The date first scheduled; it names the day even when postponed
             */
            dayKey: string;
            /** Format: date */
            date: string;
            exchangePoint: string;
            parties: string[];
            /** @enum {string} */
            status:
              'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
            statusReason?: string;
            /** @description Known while the day runs */
            suspended?: boolean;
            escalated: boolean;
            /** @description true when the running workflow answered; false: from PostgreSQL alone */
            live: boolean;
            directions: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
              plannedCount: number;
              manifest: {
                version: number;
                status: string;
                lines: number;
                submittedBy?: string;
                acknowledgedBy?: string;
              } | null;
              counts: {
                [key: string]: {
                  count: number;
                  recordedBy?: string;
                  /** Format: date-time */
                  recordedAt?: string;
                };
              };
              received: number;
              extra: number;
              missing: number;
              /** @description Only with ?include=tags */
              tags?: {
                manifest: string[];
                received: string[];
                extra: string[];
                missing: string[];
              };
            }[];
            signOffs: {
              [key: string]: {
                signedBy: string;
                /** Format: date-time */
                signedAt?: string;
              };
            };
            discrepancies?: {
              /** Format: uuid */
              id: string;
              key: string;
              kind: string;
              status: string;
              /** Format: date-time */
              openedAt: string;
              details: {
                [key: string]: unknown;
              };
              links: {
                /** @description The discrepancy, with its statements */
                self: string;
              };
            }[];
            /** @description Known while the day runs: the changes it has answered and how many of them PostgreSQL holds (the record catches up within moments; `refused` names a write that waits for its cause to be fixed) */
            records?: {
              made: number;
              written: number;
              /** @description Why the oldest change not yet written was refused */
              refused?: string;
            };
            workflow?: {
              id: string;
              status: string;
              /** Format: uri */
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  recordReceipt: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:recordReceipt:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example UA */
          from: string;
          /** @example UA */
          to: string;
          tags: string[];
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            received: number;
            extra: number;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  takeOverCustody: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:takeOverCustody:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example UA */
          from: string;
          /** @example UA */
          to: string;
          tags: string[];
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            takenOver: number;
            extra: number;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  handOverCustody: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:handOverCustody:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example UA */
          from: string;
          /** @example UA */
          to: string;
          tags: string[];
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            handedOver: number;
            to: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  signOffHandoverDay: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:signOffHandoverDay:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example UA */
          party: string;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            operationReference: string;
            /**
             * Format: date
             * @description The date first scheduled; it names the day even when postponed
             */
            dayKey: string;
            /** Format: date */
            date: string;
            exchangePoint: string;
            parties: string[];
            /** @enum {string} */
            status:
              'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
            statusReason?: string;
            /** @description Known while the day runs */
            suspended?: boolean;
            escalated: boolean;
            /** @description true when the running workflow answered; false: from PostgreSQL alone */
            live: boolean;
            directions: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
              plannedCount: number;
              manifest: {
                version: number;
                status: string;
                lines: number;
                submittedBy?: string;
                acknowledgedBy?: string;
              } | null;
              counts: {
                [key: string]: {
                  count: number;
                  recordedBy?: string;
                  /** Format: date-time */
                  recordedAt?: string;
                };
              };
              received: number;
              extra: number;
              missing: number;
              /** @description Only with ?include=tags */
              tags?: {
                manifest: string[];
                received: string[];
                extra: string[];
                missing: string[];
              };
            }[];
            signOffs: {
              [key: string]: {
                signedBy: string;
                /** Format: date-time */
                signedAt?: string;
              };
            };
            discrepancies?: {
              /** Format: uuid */
              id: string;
              key: string;
              kind: string;
              status: string;
              /** Format: date-time */
              openedAt: string;
              details: {
                [key: string]: unknown;
              };
              links: {
                /** @description The discrepancy, with its statements */
                self: string;
              };
            }[];
            /** @description Known while the day runs: the changes it has answered and how many of them PostgreSQL holds (the record catches up within moments; `refused` names a write that waits for its cause to be fixed) */
            records?: {
              made: number;
              written: number;
              /** @description Why the oldest change not yet written was refused */
              refused?: string;
            };
            workflow?: {
              id: string;
              status: string;
              /** Format: uri */
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postponeHandoverDay: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:postponeHandoverDay:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: date */
          newDate: string;
          /** @example Security situation at the exchange point */
          reason: string;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            operationReference: string;
            /**
             * Format: date
             * @description The date first scheduled; it names the day even when postponed
             */
            dayKey: string;
            /** Format: date */
            date: string;
            exchangePoint: string;
            parties: string[];
            /** @enum {string} */
            status:
              'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
            statusReason?: string;
            /** @description Known while the day runs */
            suspended?: boolean;
            escalated: boolean;
            /** @description true when the running workflow answered; false: from PostgreSQL alone */
            live: boolean;
            directions: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
              plannedCount: number;
              manifest: {
                version: number;
                status: string;
                lines: number;
                submittedBy?: string;
                acknowledgedBy?: string;
              } | null;
              counts: {
                [key: string]: {
                  count: number;
                  recordedBy?: string;
                  /** Format: date-time */
                  recordedAt?: string;
                };
              };
              received: number;
              extra: number;
              missing: number;
              /** @description Only with ?include=tags */
              tags?: {
                manifest: string[];
                received: string[];
                extra: string[];
                missing: string[];
              };
            }[];
            signOffs: {
              [key: string]: {
                signedBy: string;
                /** Format: date-time */
                signedAt?: string;
              };
            };
            discrepancies?: {
              /** Format: uuid */
              id: string;
              key: string;
              kind: string;
              status: string;
              /** Format: date-time */
              openedAt: string;
              details: {
                [key: string]: unknown;
              };
              links: {
                /** @description The discrepancy, with its statements */
                self: string;
              };
            }[];
            /** @description Known while the day runs: the changes it has answered and how many of them PostgreSQL holds (the record catches up within moments; `refused` names a write that waits for its cause to be fixed) */
            records?: {
              made: number;
              written: number;
              /** @description Why the oldest change not yet written was refused */
              refused?: string;
            };
            workflow?: {
              id: string;
              status: string;
              /** Format: uri */
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  refuseHandoverDay: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:refuseHandoverDay:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example Security situation at the exchange point */
          reason: string;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            operationReference: string;
            /**
             * Format: date
             * @description The date first scheduled; it names the day even when postponed
             */
            dayKey: string;
            /** Format: date */
            date: string;
            exchangePoint: string;
            parties: string[];
            /** @enum {string} */
            status:
              'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
            statusReason?: string;
            /** @description Known while the day runs */
            suspended?: boolean;
            escalated: boolean;
            /** @description true when the running workflow answered; false: from PostgreSQL alone */
            live: boolean;
            directions: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
              plannedCount: number;
              manifest: {
                version: number;
                status: string;
                lines: number;
                submittedBy?: string;
                acknowledgedBy?: string;
              } | null;
              counts: {
                [key: string]: {
                  count: number;
                  recordedBy?: string;
                  /** Format: date-time */
                  recordedAt?: string;
                };
              };
              received: number;
              extra: number;
              missing: number;
              /** @description Only with ?include=tags */
              tags?: {
                manifest: string[];
                received: string[];
                extra: string[];
                missing: string[];
              };
            }[];
            signOffs: {
              [key: string]: {
                signedBy: string;
                /** Format: date-time */
                signedAt?: string;
              };
            };
            discrepancies?: {
              /** Format: uuid */
              id: string;
              key: string;
              kind: string;
              status: string;
              /** Format: date-time */
              openedAt: string;
              details: {
                [key: string]: unknown;
              };
              links: {
                /** @description The discrepancy, with its statements */
                self: string;
              };
            }[];
            /** @description Known while the day runs: the changes it has answered and how many of them PostgreSQL holds (the record catches up within moments; `refused` names a write that waits for its cause to be fixed) */
            records?: {
              made: number;
              written: number;
              /** @description Why the oldest change not yet written was refused */
              refused?: string;
            };
            workflow?: {
              id: string;
              status: string;
              /** Format: uri */
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  abortHandoverDay: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:abortHandoverDay:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example Security situation at the exchange point */
          reason: string;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            operationReference: string;
            /**
             * Format: date
             * @description The date first scheduled; it names the day even when postponed
             */
            dayKey: string;
            /** Format: date */
            date: string;
            exchangePoint: string;
            parties: string[];
            /** @enum {string} */
            status:
              'SCHEDULED' | 'IN_PROGRESS' | 'COUNTS_RECORDED' | 'SIGNED_OFF' | 'POSTPONED' | 'REFUSED' | 'ABORTED';
            statusReason?: string;
            /** @description Known while the day runs */
            suspended?: boolean;
            escalated: boolean;
            /** @description true when the running workflow answered; false: from PostgreSQL alone */
            live: boolean;
            directions: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
              plannedCount: number;
              manifest: {
                version: number;
                status: string;
                lines: number;
                submittedBy?: string;
                acknowledgedBy?: string;
              } | null;
              counts: {
                [key: string]: {
                  count: number;
                  recordedBy?: string;
                  /** Format: date-time */
                  recordedAt?: string;
                };
              };
              received: number;
              extra: number;
              missing: number;
              /** @description Only with ?include=tags */
              tags?: {
                manifest: string[];
                received: string[];
                extra: string[];
                missing: string[];
              };
            }[];
            signOffs: {
              [key: string]: {
                signedBy: string;
                /** Format: date-time */
                signedAt?: string;
              };
            };
            discrepancies?: {
              /** Format: uuid */
              id: string;
              key: string;
              kind: string;
              status: string;
              /** Format: date-time */
              openedAt: string;
              details: {
                [key: string]: unknown;
              };
              links: {
                /** @description The discrepancy, with its statements */
                self: string;
              };
            }[];
            /** @description Known while the day runs: the changes it has answered and how many of them PostgreSQL holds (the record catches up within moments; `refused` names a write that waits for its cause to be fixed) */
            records?: {
              made: number;
              written: number;
              /** @description Why the oldest change not yet written was refused */
              refused?: string;
            };
            workflow?: {
              id: string;
              status: string;
              /** Format: uri */
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  recordSpotCheck: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:recordSpotCheck:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          direction: {
            /** @example UA */
            from: string;
            /** @example UA */
            to: string;
          };
          /** @example RU-2025-000417 */
          tag: string;
          sealIntact: boolean;
          /** @example seal replaced at checkpoint 2 */
          note?: string;
        };
      };
    };
    responses: {
      /** @description Done */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            direction: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
            };
            tag: string;
            sealIntact: boolean;
            /** @description Key of the BROKEN_SEAL discrepancy opened, if any */
            discrepancy?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  recordIncident: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:recordIncident:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          kind: 'SECURITY' | 'DELAY' | 'EQUIPMENT' | 'OTHER';
          /** @example seal replaced at checkpoint 2 */
          note: string;
        };
      };
    };
    responses: {
      /** @description Done */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            sequence: number;
            /** @enum {string} */
            kind: 'SECURITY' | 'DELAY' | 'EQUIPMENT' | 'OTHER';
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  verifyOperationCustody: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            reference: string;
            holds: boolean;
            containers: number;
            events: number;
            brokenContainers: number;
            firstBroken: {
              /** Format: uuid */
              eventId: string;
              sequence: number;
              /** @enum {string} */
              reason: 'SEQUENCE_GAP' | 'PREVIOUS_HASH_MISMATCH' | 'HASH_MISMATCH';
              explanation: string;
              container: {
                /**
                 * Format: uuid
                 * @description The container's id, part of each event's hashed form
                 */
                id: string;
                /** Format: date */
                dayKey: string;
                /** @example UA */
                from: string;
                /** @example UA */
                to: string;
                tag: string;
                /** @enum {string} */
                outcome: 'RECEIVED' | 'MISSING' | 'EXTRA';
                /** @description Its custodian now; not shown to a sender it has left */
                custodian?: string;
              };
            } | null;
            /** Format: date-time */
            verifiedAt: string;
          };
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readContainerCustody: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        reference: string;
        date: string;
        from: string;
        tag: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            container: {
              /**
               * Format: uuid
               * @description The container's id, part of each event's hashed form
               */
              id: string;
              /** Format: date */
              dayKey: string;
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
              tag: string;
              /** @enum {string} */
              outcome: 'RECEIVED' | 'MISSING' | 'EXTRA';
              /** @description Its custodian now; not shown to a sender it has left */
              custodian?: string;
            };
            events: {
              /** Format: uuid */
              id: string;
              sequence: number;
              fromCustodian: string | null;
              toCustodian: string;
              place: string;
              /** Format: date-time */
              occurredAt: string;
              attestedBy: string;
              /** Format: date-time */
              recordedAt: string;
              previousHash: string | null;
              hash: string;
            }[];
            /** @description False when later events are the receiving party’s record */
            complete: boolean;
            holds: boolean;
            firstBroken: {
              /** Format: uuid */
              eventId: string;
              sequence: number;
              /** @enum {string} */
              reason: 'SEQUENCE_GAP' | 'PREVIOUS_HASH_MISMATCH' | 'HASH_MISMATCH';
              explanation: string;
            } | null;
          };
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readOperationReport: {
    parameters: {
      query?: {
        format?: 'pdf' | 'csv';
      };
      header?: never;
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/pdf': string;
          'text/csv': string;
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  whoAmI: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            principal: string;
            /** @enum {string} */
            role:
              | 'COORDINATOR'
              | 'PARTY_LIAISON'
              | 'FIELD_STAFF'
              | 'FORENSIC'
              | 'OBSERVER'
              | 'OPERATOR'
              | 'TRACING_OFFICER';
            /**
             * @description Absent for the intermediary’s roles
             * @example UA
             */
            party?: string;
          };
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listMissingPersonCases: {
    parameters: {
      query?: {
        party?: string;
        status?:
          | 'REPORTED'
          | 'ACTIVE'
          | 'IDENTIFIED_DECEASED'
          | 'LOCATED_ALIVE'
          | 'CONFIRMED_DETAINED'
          | 'FAMILY_INFORMED'
          | 'CLOSED';
        name?: string;
        serviceNumber?: string;
        limit?: number;
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /** @example MP-UA-000417 */
              caseNumber: string;
              /** @example UA */
              party: string;
              /** @enum {string} */
              status:
                | 'REPORTED'
                | 'ACTIVE'
                | 'IDENTIFIED_DECEASED'
                | 'LOCATED_ALIVE'
                | 'CONFIRMED_DETAINED'
                | 'FAMILY_INFORMED'
                | 'CLOSED';
              /** @enum {string} */
              source: 'TRACING_REQUEST' | 'REGISTER_IMPORT';
              /** @description null when the case’s personal data cannot be opened here (see personalDataUnreadable) */
              name: string | null;
              /** Format: date-time */
              nextReviewAt: string;
              /** Format: date-time */
              createdAt: string;
              /** @description Present only when the case’s personal data cannot be opened by this service: its name is then null. An operator puts the key back in PAYLOAD_KEYS; reading the case answers 500 until then */
              personalDataUnreadable?: {
                /**
                 * @description KEY_NOT_HELD: sealed under a key this service’s PAYLOAD_KEYS does not hold; NOT_AUTHENTIC: it fails authentication under the key of that id
                 * @enum {string}
                 */
                reason: 'KEY_NOT_HELD' | 'NOT_AUTHENTIC';
                /**
                 * @description The id of the key it was sealed under
                 * @example k1
                 */
                keyId: string;
              };
            }[];
            total: number;
            limit: number;
            offset: number;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  openMissingPersonCase: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:openMissingPersonCase:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Given by the register; made up when absent
           * @example MP-UA-000417
           */
          caseNumber?: string;
          /**
           * @description The party the person is from
           * @example UA
           */
          party: string;
          person: {
            /** @example Oleksii Marchuk */
            name: string;
            /**
             * Format: date
             * @description Not in the future (a date that has come somewhere on Earth)
             */
            dateOfBirth?: string;
            /** @example AB-123456 */
            serviceNumber?: string;
            lastKnownPlace?: string;
            /**
             * Format: date
             * @description Not before the date of birth
             */
            lastKnownDate?: string;
            distinguishingMarks?: string;
          };
          contacts: {
            name: string;
            /** @enum {string} */
            relation: 'MOTHER' | 'FATHER' | 'SON' | 'DAUGHTER' | 'BROTHER' | 'SISTER' | 'SPOUSE' | 'OTHER_RELATIVE';
            address?: string;
            /** @enum {string} */
            preferredChannel: 'PHONE' | 'EMAIL' | 'POST' | 'IN_PERSON';
            /** @example uk */
            preferredLanguage: string;
            /**
             * @description The one relative the remains are released to
             * @default false
             */
            receivesRemains?: boolean;
            consent: {
              /**
               * @description Identification only, or also use in court (separate, express)
               * @enum {string}
               */
              scope: 'IDENTIFICATION_ONLY' | 'IDENTIFICATION_AND_COURT';
              /** @description Whether the data may go to the other party's authorities */
              shareWithOtherParty: boolean;
            };
          }[];
        };
      };
    };
    responses: {
      /** @description Done */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example MP-UA-000417 */
            caseNumber: string;
            /** @example UA */
            party: string;
            /** @enum {string} */
            status:
              | 'REPORTED'
              | 'ACTIVE'
              | 'IDENTIFIED_DECEASED'
              | 'LOCATED_ALIVE'
              | 'CONFIRMED_DETAINED'
              | 'FAMILY_INFORMED'
              | 'CLOSED';
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readMissingPersonCase: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example MP-UA-000417 */
            caseNumber: string;
            /** @example UA */
            party: string;
            /** @enum {string} */
            status:
              | 'REPORTED'
              | 'ACTIVE'
              | 'IDENTIFIED_DECEASED'
              | 'LOCATED_ALIVE'
              | 'CONFIRMED_DETAINED'
              | 'FAMILY_INFORMED'
              | 'CLOSED';
            /** @enum {string} */
            source: 'TRACING_REQUEST' | 'REGISTER_IMPORT';
            name: string;
            /** Format: date-time */
            nextReviewAt: string;
            /** Format: date-time */
            createdAt: string;
            person: {
              /** @example Oleksii Marchuk */
              name: string;
              /**
               * Format: date
               * @description Not in the future (a date that has come somewhere on Earth)
               */
              dateOfBirth?: string;
              /** @example AB-123456 */
              serviceNumber?: string;
              lastKnownPlace?: string;
              /**
               * Format: date
               * @description Not before the date of birth
               */
              lastKnownDate?: string;
              distinguishingMarks?: string;
            };
            contacts: {
              position: number;
              name: string;
              /** @enum {string} */
              relation: 'MOTHER' | 'FATHER' | 'SON' | 'DAUGHTER' | 'BROTHER' | 'SISTER' | 'SPOUSE' | 'OTHER_RELATIVE';
              address?: string;
              /** @enum {string} */
              preferredChannel: 'PHONE' | 'EMAIL' | 'POST' | 'IN_PERSON';
              preferredLanguage: string;
              receivesRemains: boolean;
              consent: {
                /** @description null once withdrawn */
                scope: ('IDENTIFICATION_ONLY' | 'IDENTIFICATION_AND_COURT') | null;
                shareWithOtherParty: boolean;
                withdrawnAt: string | null;
              };
            }[];
            events: {
              kind: string;
              /** @enum {string} */
              status:
                | 'REPORTED'
                | 'ACTIVE'
                | 'IDENTIFIED_DECEASED'
                | 'LOCATED_ALIVE'
                | 'CONFIRMED_DETAINED'
                | 'FAMILY_INFORMED'
                | 'CLOSED';
              recordedBy: string;
              /** Format: date-time */
              occurredAt: string;
              /** Format: date-time */
              recordedAt: string;
              reference: string | null;
              contactPosition: number | null;
            }[];
            lastReviewAt: string | null;
            samples: {
              /** @example RS-7K2M9QX4TB */
              barcode: string;
              /** @example MP-UA-000417 */
              caseNumber: string;
              contactPosition: number;
              /** @enum {string} */
              relation: 'MOTHER' | 'FATHER' | 'SON' | 'DAUGHTER' | 'BROTHER' | 'SISTER' | 'SPOUSE' | 'OTHER_RELATIVE';
              laboratory: string;
              /** @enum {string} */
              status: 'COLLECTED' | 'IN_TRANSIT' | 'ACCEPTED' | 'REJECTED' | 'PROFILED' | 'FAILED';
              problem:
                | (
                    | 'PAPERWORK_INCOMPLETE'
                    | 'CONSENT_MISSING'
                    | 'DAMAGED'
                    | 'CONTAMINATED'
                    | 'INSUFFICIENT_MATERIAL'
                    | 'LOST_IN_TRANSIT'
                    | 'NO_PROFILE'
                    | 'OTHER'
                  )
                | null;
              /** @description A rejected or failed sample whose replacement is not yet collected */
              replacementAsked: boolean;
              /** Format: date-time */
              collectedAt: string;
            }[];
            /** @description Remains found to be this person’s (several for commingled remains) */
            remains: {
              /** @description The remains case (PM number) */
              caseNumber: string;
              /** @enum {string} */
              evidence: 'DNA_MATCH' | 'DOCUMENTS';
              /** @description The match report or document number */
              reference: string;
              kinshipStatistic: number | null;
              /** Format: date-time */
              occurredAt: string;
              /** @description Found across the border: the party they go back to */
              returnTo: string | null;
              returnedAt: string | null;
            }[];
            /** @description One task per identification: telling the family through its designated contact */
            familyNotices: {
              remainsCaseNumber: string;
              /** Format: date-time */
              openedAt: string;
              /** Format: date-time */
              dueAt: string;
              remindersSent: number;
              informedBy: string | null;
              informedAt: string | null;
              channel: ('PHONE' | 'EMAIL' | 'POST' | 'IN_PERSON') | null;
              contactPosition: number | null;
            }[];
            /** @description Set while (or once) the case has been in motion */
            workflowId: string | null;
          };
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  changeMissingPersonStatus: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:changeMissingPersonStatus:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          status:
            'ACTIVE' | 'IDENTIFIED_DECEASED' | 'LOCATED_ALIVE' | 'CONFIRMED_DETAINED' | 'FAMILY_INFORMED' | 'CLOSED';
          /**
           * Format: date-time
           * @description Not in the future (5 minutes of clock skew allowed)
           */
          occurredAt?: string;
          /** @description For IDENTIFIED_DECEASED: the remains case's PM number */
          reference?: string;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example MP-UA-000417 */
            caseNumber: string;
            /** @example UA */
            party: string;
            /** @enum {string} */
            status:
              | 'REPORTED'
              | 'ACTIVE'
              | 'IDENTIFIED_DECEASED'
              | 'LOCATED_ALIVE'
              | 'CONFIRMED_DETAINED'
              | 'FAMILY_INFORMED'
              | 'CLOSED';
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A dependency is unavailable; retry */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  addFamilyContact: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:addFamilyContact:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          /** @enum {string} */
          relation: 'MOTHER' | 'FATHER' | 'SON' | 'DAUGHTER' | 'BROTHER' | 'SISTER' | 'SPOUSE' | 'OTHER_RELATIVE';
          address?: string;
          /** @enum {string} */
          preferredChannel: 'PHONE' | 'EMAIL' | 'POST' | 'IN_PERSON';
          /** @example uk */
          preferredLanguage: string;
          /**
           * @description The one relative the remains are released to
           * @default false
           */
          receivesRemains?: boolean;
          consent: {
            /**
             * @description Identification only, or also use in court (separate, express)
             * @enum {string}
             */
            scope: 'IDENTIFICATION_ONLY' | 'IDENTIFICATION_AND_COURT';
            /** @description Whether the data may go to the other party's authorities */
            shareWithOtherParty: boolean;
          };
        };
      };
    };
    responses: {
      /** @description Done */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            position: number;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  recordFamilyConsent: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:recordFamilyConsent:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        caseNumber: string;
        position: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json':
          | {
              /**
               * @description Identification only, or also use in court (separate, express)
               * @enum {string}
               */
              scope: 'IDENTIFICATION_ONLY' | 'IDENTIFICATION_AND_COURT';
              /** @description Whether the data may go to the other party's authorities */
              shareWithOtherParty: boolean;
            }
          | {
              /** @constant */
              withdrawn: true;
            };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            position: number;
            scope: string | null;
            shareWithOtherParty: boolean;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  recordFamilyReview: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:recordFamilyReview:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: date-time
           * @description Not in the future (5 minutes of clock skew allowed)
           */
          occurredAt?: string;
          /** @enum {string} */
          channel: 'PHONE' | 'EMAIL' | 'POST' | 'IN_PERSON';
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            lastReviewAt: string;
            /** Format: date-time */
            nextReviewAt: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  collectReferenceSample: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:collectReferenceSample:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The relative who gave the sample */
          contactPosition: number;
          /** @example LAB-KYIV-1 */
          laboratory: string;
        };
      };
    };
    responses: {
      /** @description Done */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example RS-7K2M9QX4TB */
            barcode: string;
            /** @example MP-UA-000417 */
            caseNumber: string;
            contactPosition: number;
            /** @enum {string} */
            relation: 'MOTHER' | 'FATHER' | 'SON' | 'DAUGHTER' | 'BROTHER' | 'SISTER' | 'SPOUSE' | 'OTHER_RELATIVE';
            laboratory: string;
            /** @enum {string} */
            status: 'COLLECTED' | 'IN_TRANSIT' | 'ACCEPTED' | 'REJECTED' | 'PROFILED' | 'FAILED';
            problem:
              | (
                  | 'PAPERWORK_INCOMPLETE'
                  | 'CONSENT_MISSING'
                  | 'DAMAGED'
                  | 'CONTAMINATED'
                  | 'INSUFFICIENT_MATERIAL'
                  | 'LOST_IN_TRANSIT'
                  | 'NO_PROFILE'
                  | 'OTHER'
                )
              | null;
            /** @description A rejected or failed sample whose replacement is not yet collected */
            replacementAsked: boolean;
            /** Format: date-time */
            collectedAt: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  changeReferenceSampleStatus: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:changeReferenceSampleStatus:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        barcode: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          status: 'IN_TRANSIT' | 'ACCEPTED' | 'REJECTED' | 'PROFILED' | 'FAILED';
          /**
           * @description Required for REJECTED and FAILED
           * @enum {string}
           */
          problem?:
            | 'PAPERWORK_INCOMPLETE'
            | 'CONSENT_MISSING'
            | 'DAMAGED'
            | 'CONTAMINATED'
            | 'INSUFFICIENT_MATERIAL'
            | 'LOST_IN_TRANSIT'
            | 'NO_PROFILE'
            | 'OTHER';
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example RS-7K2M9QX4TB */
            barcode: string;
            /** @example MP-UA-000417 */
            caseNumber: string;
            contactPosition: number;
            /** @enum {string} */
            relation: 'MOTHER' | 'FATHER' | 'SON' | 'DAUGHTER' | 'BROTHER' | 'SISTER' | 'SPOUSE' | 'OTHER_RELATIVE';
            laboratory: string;
            /** @enum {string} */
            status: 'COLLECTED' | 'IN_TRANSIT' | 'ACCEPTED' | 'REJECTED' | 'PROFILED' | 'FAILED';
            problem:
              | (
                  | 'PAPERWORK_INCOMPLETE'
                  | 'CONSENT_MISSING'
                  | 'DAMAGED'
                  | 'CONTAMINATED'
                  | 'INSUFFICIENT_MATERIAL'
                  | 'LOST_IN_TRANSIT'
                  | 'NO_PROFILE'
                  | 'OTHER'
                )
              | null;
            /** @description A rejected or failed sample whose replacement is not yet collected */
            replacementAsked: boolean;
            /** Format: date-time */
            collectedAt: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listDiscrepancies: {
    parameters: {
      query?: {
        status?: 'OPEN' | 'RESOLVED' | 'ESCALATED';
        date?: string;
      };
      header?: never;
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /** Format: uuid */
              id: string;
              /** @enum {string} */
              kind:
                | 'COUNT_MISMATCH'
                | 'MISSING_TAG'
                | 'EXTRA_TAG'
                | 'COMMINGLED'
                | 'FOREIGN_NATIONAL'
                | 'BROKEN_SEAL'
                | 'SCHEDULE_DISPUTE';
              /** @enum {string} */
              status: 'OPEN' | 'RESOLVED' | 'ESCALATED';
              /**
               * Format: date
               * @description The handover day it concerns (the date first scheduled)
               */
              date?: string;
              direction?: {
                /** @example UA */
                from: string;
                /** @example UA */
                to: string;
              };
              /** Format: date-time */
              openedAt: string;
              /**
               * Format: date-time
               * @description Past it, an open discrepancy escalates
               */
              deadlineAt?: string;
              /** Format: date-time */
              escalatedAt?: string;
              /** Format: date-time */
              resolvedAt?: string;
              links: {
                self: string;
              };
            }[];
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  reportDiscrepancy: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:reportDiscrepancy:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          kind:
            | 'COUNT_MISMATCH'
            | 'MISSING_TAG'
            | 'EXTRA_TAG'
            | 'COMMINGLED'
            | 'FOREIGN_NATIONAL'
            | 'BROKEN_SEAL'
            | 'SCHEDULE_DISPUTE';
          /**
           * Format: date
           * @description The handover day it concerns, if any (the date first scheduled)
           */
          date?: string;
          direction?: {
            /** @example UA */
            from: string;
            /** @example UA */
            to: string;
          };
          tags?: string[];
          /** @description A count the reporter attests, if the difference is one */
          count?: number;
          /** @example Three bags listed on the manifest were not in the last wagon. */
          statement: string;
        };
      };
    };
    responses: {
      /** @description Done */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind:
              | 'COUNT_MISMATCH'
              | 'MISSING_TAG'
              | 'EXTRA_TAG'
              | 'COMMINGLED'
              | 'FOREIGN_NATIONAL'
              | 'BROKEN_SEAL'
              | 'SCHEDULE_DISPUTE';
            /** @enum {string} */
            status: 'OPEN' | 'RESOLVED' | 'ESCALATED';
            /**
             * Format: date
             * @description The handover day it concerns (the date first scheduled)
             */
            date?: string;
            direction?: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
            };
            /** Format: date-time */
            openedAt: string;
            /**
             * Format: date-time
             * @description Past it, an open discrepancy escalates
             */
            deadlineAt?: string;
            /** Format: date-time */
            escalatedAt?: string;
            /** Format: date-time */
            resolvedAt?: string;
            links: {
              self: string;
            };
            /** @description What differs, as recorded (counts, tags) */
            details: {
              [key: string]: unknown;
            };
            resolution?: string;
            resolvedBy?: string;
            statements: {
              sequence: number;
              /** @enum {string} */
              type: 'REPORT' | 'ACCOUNT' | 'PROPOSAL' | 'ACCEPTANCE' | 'ESCALATION' | 'DECISION';
              principal: string;
              /** @description The role it was made in (DEADLINE for an escalation by the deadline) */
              role: string;
              /** @description The party it speaks for, or INTERMEDIARY */
              actingFor: string;
              text?: string;
              count?: number;
              tags?: string[];
              /** @description The proposal a PROPOSAL numbers or an ACCEPTANCE accepts */
              proposal?: number;
              /** Format: date-time */
              recordedAt: string;
            }[];
            workflow: {
              id: string;
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readDiscrepancy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        reference: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind:
              | 'COUNT_MISMATCH'
              | 'MISSING_TAG'
              | 'EXTRA_TAG'
              | 'COMMINGLED'
              | 'FOREIGN_NATIONAL'
              | 'BROKEN_SEAL'
              | 'SCHEDULE_DISPUTE';
            /** @enum {string} */
            status: 'OPEN' | 'RESOLVED' | 'ESCALATED';
            /**
             * Format: date
             * @description The handover day it concerns (the date first scheduled)
             */
            date?: string;
            direction?: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
            };
            /** Format: date-time */
            openedAt: string;
            /**
             * Format: date-time
             * @description Past it, an open discrepancy escalates
             */
            deadlineAt?: string;
            /** Format: date-time */
            escalatedAt?: string;
            /** Format: date-time */
            resolvedAt?: string;
            links: {
              self: string;
            };
            /** @description What differs, as recorded (counts, tags) */
            details: {
              [key: string]: unknown;
            };
            resolution?: string;
            resolvedBy?: string;
            statements: {
              sequence: number;
              /** @enum {string} */
              type: 'REPORT' | 'ACCOUNT' | 'PROPOSAL' | 'ACCEPTANCE' | 'ESCALATION' | 'DECISION';
              principal: string;
              /** @description The role it was made in (DEADLINE for an escalation by the deadline) */
              role: string;
              /** @description The party it speaks for, or INTERMEDIARY */
              actingFor: string;
              text?: string;
              count?: number;
              tags?: string[];
              /** @description The proposal a PROPOSAL numbers or an ACCEPTANCE accepts */
              proposal?: number;
              /** Format: date-time */
              recordedAt: string;
            }[];
            workflow: {
              id: string;
              url: string;
            };
          };
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  attestDiscrepancyAccount: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:attestDiscrepancyAccount:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example Loaded 1,248 bags at the siding; seals checked by two officers. */
          statement: string;
          count?: number;
          tags?: string[];
        };
      };
    };
    responses: {
      /** @description Done */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind:
              | 'COUNT_MISMATCH'
              | 'MISSING_TAG'
              | 'EXTRA_TAG'
              | 'COMMINGLED'
              | 'FOREIGN_NATIONAL'
              | 'BROKEN_SEAL'
              | 'SCHEDULE_DISPUTE';
            /** @enum {string} */
            status: 'OPEN' | 'RESOLVED' | 'ESCALATED';
            /**
             * Format: date
             * @description The handover day it concerns (the date first scheduled)
             */
            date?: string;
            direction?: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
            };
            /** Format: date-time */
            openedAt: string;
            /**
             * Format: date-time
             * @description Past it, an open discrepancy escalates
             */
            deadlineAt?: string;
            /** Format: date-time */
            escalatedAt?: string;
            /** Format: date-time */
            resolvedAt?: string;
            links: {
              self: string;
            };
            /** @description What differs, as recorded (counts, tags) */
            details: {
              [key: string]: unknown;
            };
            resolution?: string;
            resolvedBy?: string;
            statements: {
              sequence: number;
              /** @enum {string} */
              type: 'REPORT' | 'ACCOUNT' | 'PROPOSAL' | 'ACCEPTANCE' | 'ESCALATION' | 'DECISION';
              principal: string;
              /** @description The role it was made in (DEADLINE for an escalation by the deadline) */
              role: string;
              /** @description The party it speaks for, or INTERMEDIARY */
              actingFor: string;
              text?: string;
              count?: number;
              tags?: string[];
              /** @description The proposal a PROPOSAL numbers or an ACCEPTANCE accepts */
              proposal?: number;
              /** Format: date-time */
              recordedAt: string;
            }[];
            workflow: {
              id: string;
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  proposeDiscrepancyResolution: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:proposeDiscrepancyResolution:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example The three bags follow in the next operation; the record keeps 1,245. */
          resolution: string;
        };
      };
    };
    responses: {
      /** @description Done */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind:
              | 'COUNT_MISMATCH'
              | 'MISSING_TAG'
              | 'EXTRA_TAG'
              | 'COMMINGLED'
              | 'FOREIGN_NATIONAL'
              | 'BROKEN_SEAL'
              | 'SCHEDULE_DISPUTE';
            /** @enum {string} */
            status: 'OPEN' | 'RESOLVED' | 'ESCALATED';
            /**
             * Format: date
             * @description The handover day it concerns (the date first scheduled)
             */
            date?: string;
            direction?: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
            };
            /** Format: date-time */
            openedAt: string;
            /**
             * Format: date-time
             * @description Past it, an open discrepancy escalates
             */
            deadlineAt?: string;
            /** Format: date-time */
            escalatedAt?: string;
            /** Format: date-time */
            resolvedAt?: string;
            links: {
              self: string;
            };
            /** @description What differs, as recorded (counts, tags) */
            details: {
              [key: string]: unknown;
            };
            resolution?: string;
            resolvedBy?: string;
            statements: {
              sequence: number;
              /** @enum {string} */
              type: 'REPORT' | 'ACCOUNT' | 'PROPOSAL' | 'ACCEPTANCE' | 'ESCALATION' | 'DECISION';
              principal: string;
              /** @description The role it was made in (DEADLINE for an escalation by the deadline) */
              role: string;
              /** @description The party it speaks for, or INTERMEDIARY */
              actingFor: string;
              text?: string;
              count?: number;
              tags?: string[];
              /** @description The proposal a PROPOSAL numbers or an ACCEPTANCE accepts */
              proposal?: number;
              /** Format: date-time */
              recordedAt: string;
            }[];
            workflow: {
              id: string;
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  acceptDiscrepancyResolution: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:acceptDiscrepancyResolution:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The number of the proposal accepted (the current one) */
          proposal: number;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind:
              | 'COUNT_MISMATCH'
              | 'MISSING_TAG'
              | 'EXTRA_TAG'
              | 'COMMINGLED'
              | 'FOREIGN_NATIONAL'
              | 'BROKEN_SEAL'
              | 'SCHEDULE_DISPUTE';
            /** @enum {string} */
            status: 'OPEN' | 'RESOLVED' | 'ESCALATED';
            /**
             * Format: date
             * @description The handover day it concerns (the date first scheduled)
             */
            date?: string;
            direction?: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
            };
            /** Format: date-time */
            openedAt: string;
            /**
             * Format: date-time
             * @description Past it, an open discrepancy escalates
             */
            deadlineAt?: string;
            /** Format: date-time */
            escalatedAt?: string;
            /** Format: date-time */
            resolvedAt?: string;
            links: {
              self: string;
            };
            /** @description What differs, as recorded (counts, tags) */
            details: {
              [key: string]: unknown;
            };
            resolution?: string;
            resolvedBy?: string;
            statements: {
              sequence: number;
              /** @enum {string} */
              type: 'REPORT' | 'ACCOUNT' | 'PROPOSAL' | 'ACCEPTANCE' | 'ESCALATION' | 'DECISION';
              principal: string;
              /** @description The role it was made in (DEADLINE for an escalation by the deadline) */
              role: string;
              /** @description The party it speaks for, or INTERMEDIARY */
              actingFor: string;
              text?: string;
              count?: number;
              tags?: string[];
              /** @description The proposal a PROPOSAL numbers or an ACCEPTANCE accepts */
              proposal?: number;
              /** Format: date-time */
              recordedAt: string;
            }[];
            workflow: {
              id: string;
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  escalateDiscrepancy: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:escalateDiscrepancy:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason: string;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind:
              | 'COUNT_MISMATCH'
              | 'MISSING_TAG'
              | 'EXTRA_TAG'
              | 'COMMINGLED'
              | 'FOREIGN_NATIONAL'
              | 'BROKEN_SEAL'
              | 'SCHEDULE_DISPUTE';
            /** @enum {string} */
            status: 'OPEN' | 'RESOLVED' | 'ESCALATED';
            /**
             * Format: date
             * @description The handover day it concerns (the date first scheduled)
             */
            date?: string;
            direction?: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
            };
            /** Format: date-time */
            openedAt: string;
            /**
             * Format: date-time
             * @description Past it, an open discrepancy escalates
             */
            deadlineAt?: string;
            /** Format: date-time */
            escalatedAt?: string;
            /** Format: date-time */
            resolvedAt?: string;
            links: {
              self: string;
            };
            /** @description What differs, as recorded (counts, tags) */
            details: {
              [key: string]: unknown;
            };
            resolution?: string;
            resolvedBy?: string;
            statements: {
              sequence: number;
              /** @enum {string} */
              type: 'REPORT' | 'ACCOUNT' | 'PROPOSAL' | 'ACCEPTANCE' | 'ESCALATION' | 'DECISION';
              principal: string;
              /** @description The role it was made in (DEADLINE for an escalation by the deadline) */
              role: string;
              /** @description The party it speaks for, or INTERMEDIARY */
              actingFor: string;
              text?: string;
              count?: number;
              tags?: string[];
              /** @description The proposal a PROPOSAL numbers or an ACCEPTANCE accepts */
              proposal?: number;
              /** Format: date-time */
              recordedAt: string;
            }[];
            workflow: {
              id: string;
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  decideDiscrepancy: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:decideDiscrepancy:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        reference: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          resolution: string;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind:
              | 'COUNT_MISMATCH'
              | 'MISSING_TAG'
              | 'EXTRA_TAG'
              | 'COMMINGLED'
              | 'FOREIGN_NATIONAL'
              | 'BROKEN_SEAL'
              | 'SCHEDULE_DISPUTE';
            /** @enum {string} */
            status: 'OPEN' | 'RESOLVED' | 'ESCALATED';
            /**
             * Format: date
             * @description The handover day it concerns (the date first scheduled)
             */
            date?: string;
            direction?: {
              /** @example UA */
              from: string;
              /** @example UA */
              to: string;
            };
            /** Format: date-time */
            openedAt: string;
            /**
             * Format: date-time
             * @description Past it, an open discrepancy escalates
             */
            deadlineAt?: string;
            /** Format: date-time */
            escalatedAt?: string;
            /** Format: date-time */
            resolvedAt?: string;
            links: {
              self: string;
            };
            /** @description What differs, as recorded (counts, tags) */
            details: {
              [key: string]: unknown;
            };
            resolution?: string;
            resolvedBy?: string;
            statements: {
              sequence: number;
              /** @enum {string} */
              type: 'REPORT' | 'ACCOUNT' | 'PROPOSAL' | 'ACCEPTANCE' | 'ESCALATION' | 'DECISION';
              principal: string;
              /** @description The role it was made in (DEADLINE for an escalation by the deadline) */
              role: string;
              /** @description The party it speaks for, or INTERMEDIARY */
              actingFor: string;
              text?: string;
              count?: number;
              tags?: string[];
              /** @description The proposal a PROPOSAL numbers or an ACCEPTANCE accepts */
              proposal?: number;
              /** Format: date-time */
              recordedAt: string;
            }[];
            workflow: {
              id: string;
              url: string;
            };
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  recordMatch: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:recordMatch:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example MP-UA-000417 */
          missingPersonCaseNumber: string;
          /** @example DNA-MR-2025-0091 */
          reportNumber: string;
          /**
           * @description The kinship statistic of the match report (likelihood ratio)
           * @example 1200000000
           */
          kinshipStatistic: number;
          /**
           * Format: date-time
           * @description Not in the future (5 minutes of clock skew allowed)
           */
          occurredAt?: string;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example PM-UA-2025-00417 */
            caseNumber: string;
            /** @example RU-UA-2025-06 */
            operationReference: string;
            /** @example UA */
            receivingParty: string;
            responsibleAuthority: string;
            containerIds: string[];
            /** @enum {string} */
            status:
              | 'RECEIVED'
              | 'EXAMINED'
              | 'SAMPLED'
              | 'RESAMPLE'
              | 'PROFILED'
              | 'MATCHED'
              | 'IDENTIFIED'
              | 'FAMILY_INFORMED'
              | 'RELEASED'
              | 'UNIDENTIFIED_RETAINED'
              | 'RETURNED_TO_OTHER_PARTY'
              | 'MERGED';
            profiled: boolean;
            sequence: number;
            /** Format: date-time */
            lastProgressAt: string;
            mergedInto?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A dependency is unavailable; retry */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  recordForeignNational: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:recordForeignNational:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description The other side's missing-person case
           * @example MP-UA-000417
           */
          missingPersonCaseNumber: string;
          /** @enum {string} */
          evidence: 'DNA_MATCH' | 'DOCUMENTS';
          reference: string;
          /**
           * @description The kinship statistic of the match report (likelihood ratio)
           * @example 1200000000
           */
          kinshipStatistic?: number;
          /**
           * Format: date-time
           * @description Not in the future (5 minutes of clock skew allowed)
           */
          occurredAt?: string;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example PM-UA-2025-00417 */
            caseNumber: string;
            /** @example RU-UA-2025-06 */
            operationReference: string;
            /** @example UA */
            receivingParty: string;
            responsibleAuthority: string;
            containerIds: string[];
            /** @enum {string} */
            status:
              | 'RECEIVED'
              | 'EXAMINED'
              | 'SAMPLED'
              | 'RESAMPLE'
              | 'PROFILED'
              | 'MATCHED'
              | 'IDENTIFIED'
              | 'FAMILY_INFORMED'
              | 'RELEASED'
              | 'UNIDENTIFIED_RETAINED'
              | 'RETURNED_TO_OTHER_PARTY'
              | 'MERGED';
            profiled: boolean;
            sequence: number;
            /** Format: date-time */
            lastProgressAt: string;
            mergedInto?: string;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not recorded: the database refused a value for good (nothing changed); or Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A dependency is unavailable; retry */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readSharedCaseRecord: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example PM-UA-2025-00417 */
            caseNumber: string;
            /** @example RU-UA-2025-06 */
            operationReference: string;
            /** @example UA */
            receivingParty: string;
            /** @enum {string} */
            status:
              | 'RECEIVED'
              | 'EXAMINED'
              | 'SAMPLED'
              | 'RESAMPLE'
              | 'PROFILED'
              | 'MATCHED'
              | 'IDENTIFIED'
              | 'FAMILY_INFORMED'
              | 'RELEASED'
              | 'UNIDENTIFIED_RETAINED'
              | 'RETURNED_TO_OTHER_PARTY'
              | 'MERGED';
            finding: {
              /** @example MP-UA-000417 */
              missingPersonCaseNumber: string;
              /** @enum {string} */
              evidence: 'DNA_MATCH' | 'DOCUMENTS';
              reference: string;
              /** @example UA */
              returnTo: string;
              /** Format: date-time */
              foundAt: string;
              returnedAt: string | null;
            } | null;
            events: {
              sequence: number;
              kind: string;
              /** @enum {string} */
              step:
                | 'RECEIVED'
                | 'EXAMINED'
                | 'SAMPLED'
                | 'RESAMPLE'
                | 'PROFILED'
                | 'MATCHED'
                | 'IDENTIFIED'
                | 'FAMILY_INFORMED'
                | 'RELEASED'
                | 'UNIDENTIFIED_RETAINED'
                | 'RETURNED_TO_OTHER_PARTY'
                | 'MERGED';
              /** Format: date-time */
              occurredAt: string;
            }[];
          };
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listReturns: {
    parameters: {
      query?: {
        from?: string;
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /** @example PM-UA-2025-00417 */
              caseNumber: string;
              /** @example RU-UA-2025-06 */
              operationReference: string;
              /**
               * @description The party that received the remains and returns them
               * @example UA
               */
              from: string;
              /**
               * @description The party the person is from
               * @example UA
               */
              to: string;
              /** @enum {string} */
              status:
                | 'RECEIVED'
                | 'EXAMINED'
                | 'SAMPLED'
                | 'RESAMPLE'
                | 'PROFILED'
                | 'MATCHED'
                | 'IDENTIFIED'
                | 'FAMILY_INFORMED'
                | 'RELEASED'
                | 'UNIDENTIFIED_RETAINED'
                | 'RETURNED_TO_OTHER_PARTY'
                | 'MERGED';
              /** @example MP-UA-000417 */
              missingPersonCaseNumber: string;
              /** @enum {string} */
              evidence: 'DNA_MATCH' | 'DOCUMENTS';
              /** Format: date-time */
              foundAt: string;
            }[];
            total: number;
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  recordFamilyInformed: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer and the action happens once; the same key with a different request is refused (422). Looked at only once the request is authorised. The example is a placeholder, not a key to send.
         * @example replace-me:recordFamilyInformed:new-key-per-request
         */
        'Idempotency-Key'?: string;
      };
      path: {
        caseNumber: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description The identified remains case the family was told of
           * @example PM-UA-2025-00417
           */
          remainsCaseNumber: string;
          /**
           * Format: date-time
           * @description Not in the future (5 minutes of clock skew allowed)
           */
          informedAt: string;
          /**
           * @description How the family was told
           * @enum {string}
           */
          channel: 'PHONE' | 'EMAIL' | 'POST' | 'IN_PERSON';
          /** @description The designated contact who was told */
          contactPosition: number;
        };
      };
    };
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example MP-UA-000417 */
            caseNumber: string;
            /** @example UA */
            party: string;
            /** @enum {string} */
            status:
              | 'REPORTED'
              | 'ACTIVE'
              | 'IDENTIFIED_DECEASED'
              | 'LOCATED_ALIVE'
              | 'CONFIRMED_DETAINED'
              | 'FAMILY_INFORMED'
              | 'CLOSED';
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found (or not visible to your party) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused by the current state; the problem says why */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Idempotency-Key reused for a different request (another body or route); nothing was done */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A dependency is unavailable; retry */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listNotificationsAwaitingAddress: {
    parameters: {
      query?: {
        recipient?: string;
        limit?: number;
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /**
               * Format: uuid
               * @description Sent as X-Repatriation-Delivery once delivered
               */
              id: string;
              /** @example TRACING */
              recipient: string;
              /** @example reference_sample.new_sample_needed */
              event: string;
              operationReference?: string;
              /**
               * Format: date-time
               * @description When it was kept for want of an address
               */
              keptAt: string;
            }[];
            total: number;
            limit: number;
            offset: number;
            /** @description How many wait, per recipient (all of them, whatever the page or filter) */
            recipients: {
              /** @example TRACING */
              recipient: string;
              count: number;
            }[];
          };
        };
      };
      /** @description Invalid request: the problem names each wrong field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token’s role or party may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed token attempts from this address; retry after the time given in Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
}
