import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

/** Staff roles (SPEC §2); each is a Cognito group and appears in the token's cognito:groups claim. */
export const STAFF_GROUPS = ['operator', 'reviewer', 'supervisor', 'ops', 'admin'] as const;

/**
 * Staff sign-in: a user pool with no self sign-up, strong passwords, TOTP MFA, one group per role,
 * and a county attribute that limits a county office's account to its county.
 */
export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly consoleClient: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, 'StaffPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      accountRecovery: AccountRecovery.NONE,
      removalPolicy: RemovalPolicy.RETAIN,
      // A county office's account carries its county code (custom:county); none: the province.
      // Only administrators set it (the console client cannot write it).
      customAttributes: { county: new StringAttribute({ minLen: 2, maxLen: 30, mutable: true }) },
    });
    for (const group of STAFF_GROUPS) {
      new CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
      });
    }
    this.consoleClient = this.userPool.addClient('StaffConsole', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      // Staff cannot change their own attributes (their county scope above all): administrators do.
      writeAttributes: new ClientAttributes(),
    });
    acknowledge(this.userPool, [
      {
        id: 'AwsSolutions-COG3',
        reason: 'Threat protection comes with the PLUS feature plan set on the pool.',
      },
    ]);
  }
}
