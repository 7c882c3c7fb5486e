import { describe, expect, it } from 'vitest';
import type { WebhookSubscription } from '../../../shared/domain/webhooks.ts';
import { subscribedAgencies, webhookMessageFor } from '../../../shared/services/agency-webhooks.ts';

describe('which referral writes become webhook deliveries', () => {
  const referral = { agencyId: 'gas', referralId: 'R1', version: 3 };

  it('takes a new referral and every new version, and no rewrite of the same version', () => {
    expect(webhookMessageFor({ ...referral, version: 1 }, null)).toEqual({ ...referral, version: 1 });
    expect(webhookMessageFor(referral, { version: 2 })).toEqual(referral);
    expect(webhookMessageFor(referral, { version: 3 })).toBeNull();
  });

  it('asks the table once per agency while its answer is fresh', async () => {
    let reads = 0;
    let clock = 0;
    const subscriptions = new Map<string, WebhookSubscription>();
    const subscribed = subscribedAgencies(
      {
        getSubscription: async (agencyId) => {
          reads++;
          return subscriptions.get(agencyId) ?? null;
        },
      },
      30_000,
      () => clock,
    );
    expect(await subscribed('gas')).toBe(false);
    subscriptions.set('gas', {
      agencyId: 'gas',
      subscriptionId: 's',
      url: 'https://x.example/',
      createdAt: '',
    });
    expect(await subscribed('gas')).toBe(false);
    expect(reads).toBe(1);
    clock = 30_001;
    expect(await subscribed('gas')).toBe(true);
    expect(await subscribed('water-wastewater')).toBe(false);
    expect(reads).toBe(3);
  });
});
