import { createHmac } from 'node:crypto';

/**
 * An agency's webhook signing secret, derived from the deployment's key and the subscription:
 * nothing secret is stored per agency, and registering again (a new subscription id) rotates it.
 */
export function webhookSecret(deploymentKey: string, agencyId: string, subscriptionId: string): string {
  if (deploymentKey.length < 32) throw new Error('the deployment key must be at least 32 characters');
  return `whsec_${createHmac('sha256', deploymentKey)
    .update(`webhook-signing:${agencyId}:${subscriptionId}`)
    .digest('base64url')}`;
}
