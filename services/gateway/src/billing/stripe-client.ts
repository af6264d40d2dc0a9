import Stripe from 'stripe';
import type { GatewayConfig } from '../config.ts';

/**
 * A Stripe client; STRIPE_API_BASE points it at a Stripe-compatible server (the sandbox serves
 * Stripe under `<url>/stripe`). The SDK's base path is fixed at /v1/, so a base URL with a path
 * goes through a fetch client that prefixes it.
 */
export function createStripeClient(config: Pick<GatewayConfig, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>): Stripe | undefined {
  if (!config.STRIPE_SECRET_KEY) return undefined;
  if (!config.STRIPE_API_BASE) return new Stripe(config.STRIPE_SECRET_KEY, { maxNetworkRetries: 2, timeout: 10_000 });
  const base = new URL(config.STRIPE_API_BASE);
  const prefix = base.pathname.replace(/\/$/, '');
  return new Stripe(config.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 2,
    timeout: 10_000,
    host: base.hostname,
    port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
    protocol: base.protocol === 'https:' ? 'https' : 'http',
    ...(prefix
      ? {
          httpClient: Stripe.createFetchHttpClient((input: string | URL | Request, init?: RequestInit) => {
            const url = new URL(input instanceof Request ? input.url : input.toString());
            url.pathname = `${prefix}${url.pathname}`;
            return fetch(url, init);
          }),
        }
      : {}),
  });
}
