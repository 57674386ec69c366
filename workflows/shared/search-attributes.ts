import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes that operators filter by in the Temporal Web UI.
 * This list is the only definition: the development start, the test setup
 * and docker-compose's Temporal register exactly these.
 * The dev server allows at most 10 Keyword and 3 of each other type.
 */
export const SearchAttr = {
  OperationReference: defineSearchAttributeKey('OperationReference', SearchAttributeType.KEYWORD),
  OperationPhase: defineSearchAttributeKey('OperationPhase', SearchAttributeType.KEYWORD),
  Parties: defineSearchAttributeKey('Parties', SearchAttributeType.KEYWORD_LIST),
  IntermediaryRole: defineSearchAttributeKey('IntermediaryRole', SearchAttributeType.KEYWORD),
  HandoverDate: defineSearchAttributeKey('HandoverDate', SearchAttributeType.DATETIME),
  CaseStatus: defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD),
} as const;

export const searchAttributeKeys = Object.values(SearchAttr);
