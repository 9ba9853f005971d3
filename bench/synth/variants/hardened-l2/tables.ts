/** Hand-hardened (c): a DynamoDB table on the DATA key with PITR, deletion protection and daily backups. */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export function hardenedTable(scope: Construct, id: string, key: kms.IKey, partitionKey: string, sortKey?: string): dynamodb.Table {
  const table = new dynamodb.Table(scope, id, {
    partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: sortKey ? { name: sortKey, type: dynamodb.AttributeType.STRING } : undefined,
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const vault = new backup.BackupVault(scope, `${id}BackupVault`, { encryptionKey: key, removalPolicy: RemovalPolicy.RETAIN });
  const plan = new backup.BackupPlan(scope, `${id}BackupPlan`, { backupVault: vault });
  plan.addRule(backup.BackupPlanRule.daily(vault));
  plan.addSelection('Selection', { resources: [backup.BackupResource.fromDynamoDbTable(table)] });
  return table;
}
