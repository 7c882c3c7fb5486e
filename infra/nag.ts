import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag findings on a construct and its children. Every acknowledgement says why
 * the finding does not apply or is accepted; tests fail on any finding not acknowledged.
 */
export function acknowledge(
  scope: IConstruct,
  findings: ReadonlyArray<{ id: string; reason: string }>,
): void {
  for (const finding of findings) Validations.of(scope).acknowledge(finding);
}
