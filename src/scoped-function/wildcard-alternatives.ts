/**
 * Where the common wildcard actions come from (aws-cdk-lib's grant methods) and the exact
 * actions that usually replace them, so a failed synthesis tells the user what to write instead.
 */
interface WildcardAlternative {
  readonly source: string;
  readonly exact: string[];
}

const WILDCARD_ALTERNATIVES: Record<string, WildcardAlternative> = {
  's3:GetObject*': { source: "a bucket's grantRead/grantReadWrite", exact: ['s3:GetObject', 's3:GetObjectVersion'] },
  's3:GetBucket*': { source: "a bucket's grantRead/grantReadWrite", exact: ['s3:GetBucketLocation'] },
  's3:List*': { source: "a bucket's grantRead/grantReadWrite", exact: ['s3:ListBucket'] },
  's3:DeleteObject*': { source: "a bucket's grantDelete/grantReadWrite", exact: ['s3:DeleteObject', 's3:DeleteObjectVersion'] },
  's3:PutObject*': { source: "a bucket's grantPutAcl", exact: ['s3:PutObject'] },
  's3:Abort*': { source: "a bucket's grantPut/grantWrite/grantReadWrite", exact: ['s3:AbortMultipartUpload'] },
  'kms:GenerateDataKey*': { source: "a key's grantEncrypt/grantEncryptDecrypt, or the grants of an encrypted queue, topic or bucket", exact: ['kms:GenerateDataKey'] },
  'kms:ReEncrypt*': { source: "a key's grantEncrypt/grantEncryptDecrypt, or the grants of an encrypted queue, topic or bucket", exact: ['kms:ReEncryptFrom', 'kms:ReEncryptTo'] },
  'dynamodb:*': { source: "a table's grantFullAccess or grant('dynamodb:*')", exact: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'] },
  'sqs:*': { source: "a queue's grant('sqs:*')", exact: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'] },
};

/** What to write instead of a wildcard action, for an error message. */
export function wildcardActionAdvice(action: string): string {
  const known = WILDCARD_ALTERNATIVES[action];
  const origin = known ? `'${action}' comes from ${known.source}. ` : '';
  const example = known ? known.exact.map((name) => `'${name}'`).join(', ') : "'s3:GetObject'";
  return `${origin}Grant only the exact actions the code calls (e.g. ${example}): ` +
    "EncryptedTable.grantActions(fn, 'dynamodb:GetItem') for tables, or " +
    'fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...], resources: [...] })) with exact names; ' +
    `if the wildcard is really needed, register it with fn.allowWildcardAction('${action}', '<why>')`;
}

/** What to write instead of a wildcard resource, for an error message. */
export function wildcardResourceAdvice(resource: string): string {
  if (resource === '*') {
    return 'Scope the statement to the ARNs the function uses; if the action supports no resource-level ' +
      "permissions, register it with fn.allowWildcardResource('*', '<why>')";
  }
  return "Name the exact resources (e.g. bucket.arnForObjects('reports/latest.json')), or, if every match " +
    `is meant, register it with fn.allowWildcardResource(<the same ARN expression>, '<why>') (it reads '${resource}')`;
}
