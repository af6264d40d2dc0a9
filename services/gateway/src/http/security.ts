import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import cookie from '@fastify/cookie';

export interface SecurityOptions {
  corsOrigins: string[];
}

/** Security headers, the CORS allow-list and cookie parsing; registered on the root instance. */
export async function registerSecurity(app: FastifyInstance, { corsOrigins }: SecurityOptions): Promise<void> {
  await app.register(helmet, {
    // The API answers JSON; only /docs renders HTML (swagger-ui needs inline styles).
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  const allowed = new Set(corsOrigins);
  await app.register(cors, {
    // Exact-match allow-list; requests without Origin (curl, server to server) are not CORS requests.
    origin: (origin, cb) => cb(null, origin === undefined || allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['content-type', 'authorization', 'x-csrf-token', 'last-event-id', 'idempotency-key'],
    exposedHeaders: ['retry-after', 'location'],
    maxAge: 600,
  });
  await app.register(cookie);
}
