import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag findings on a construct and its children. Every acknowledgement says why
 * the finding does not apply or is accepted; tests fail on any finding not acknowledged.
 * A finding names the region and account as `<AWS::Region>` and `<AWS::AccountId>` when they are
 * unknown at synthesis, and by value when the environment gives them (the CDK CLI always gives a
 * region): both spellings are acknowledged.
 */
export function acknowledge(
  scope: IConstruct,
  findings: ReadonlyArray<{ id: string; reason: string }>,
): void {
  const { region, account } = Stack.of(scope);
  for (const finding of findings) {
    let ids = [finding.id];
    if (!Token.isUnresolved(region))
      ids = [...ids, ...ids.map((id) => id.replaceAll('<AWS::Region>', region))];
    if (!Token.isUnresolved(account))
      ids = [...ids, ...ids.map((id) => id.replaceAll('<AWS::AccountId>', account))];
    for (const id of new Set(ids)) Validations.of(scope).acknowledge({ id, reason: finding.reason });
  }
}
