import { API_GATEWAY_RULES } from './api-gateway';
import { DATA_EVENT_RULES } from './data-events';
import { ENCRYPTION_AT_REST_RULES } from './encryption-at-rest';
import { IAM_RULES } from './iam';
import { KMS_RULES } from './kms';
import { RuleEntry } from '../private/rule-entry';

/**
 * Every rule of SecureServerlessChecks, in the order the pack applies them, with its level,
 * its one-line info and its help: the one place the pack and any report read them from.
 */
export const SECURE_SERVERLESS_RULES: RuleEntry[] = [
  ...API_GATEWAY_RULES,
  ...IAM_RULES,
  ...ENCRYPTION_AT_REST_RULES,
  ...KMS_RULES,
  ...DATA_EVENT_RULES,
];
