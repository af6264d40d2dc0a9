import type { FastifyInstance, FastifyReply } from 'fastify';
import { intParam, queryOf, type FakeApi, type SandboxContext } from '../api-kit.ts';
import { blankShape, type JsonObject } from '../fixtures.ts';
import type { Persona } from '../scenario/types.ts';

const fail = (reply: FastifyReply, status: number, id: string, details: string) =>
  reply.code(status).send({ errors: [{ id, code: status, details }] });

/** Hunter.io v2 email-finder and domain-search, answering for the scenario's personas. */
export function hunterApi(ctx: SandboxContext): FakeApi {
  const errors: FakeApi['errors'] = {
    unauthorized: (reply) =>
      fail(reply, 401, 'authentication_failed', 'No user found for the API key supplied'),
    rateLimited: (reply, retryAfterSec) =>
      fail(
        reply.header('retry-after', String(retryAfterSec)),
        429,
        'too_many_requests',
        'You have reached the rate limit. Please try again later.',
      ),
    serverError: (reply, status) => fail(reply, status, 'server_error', 'Something went wrong on our side.'),
  };
  const today = () => new Date(ctx.scenario.now()).toISOString().slice(0, 10);
  const source = (p: Persona): JsonObject => ({
    domain: p.company?.domain ?? 'example.com',
    uri: `https://${p.company?.domain ?? 'example.com'}/team`,
    extracted_on: '2025-11-02',
    last_seen_on: today(),
    still_on_page: true,
  });
  const byDomain = (domain: string) =>
    ctx.scenario.personas.filter(
      (p) =>
        p.company &&
        (p.company.domain === domain.toLowerCase() || p.company.name.toLowerCase() === domain.toLowerCase()),
    );

  function register(app: FastifyInstance): void {
    app.addHook('onRequest', async (req, reply) => {
      const key = queryOf(req).api_key ?? (req.headers['x-api-key'] as string | undefined);
      if (!key || key === 'invalid') return errors.unauthorized(reply);
      return undefined;
    });

    app.get('/v2/email-finder', async (req, reply) => {
      const q = queryOf(req);
      const domain = q.domain ?? q.company;
      if (!domain) return fail(reply, 400, 'wrong_params', 'You are missing the domain parameter');
      const [first, last] = q.full_name
        ? [q.full_name.split(' ')[0], q.full_name.split(' ').slice(1).join(' ')]
        : [q.first_name, q.last_name];
      if (!first || !last)
        return fail(reply, 400, 'wrong_params', 'You are missing the first_name or last_name parameter');
      const p = byDomain(domain).find(
        (x) =>
          x.firstName.toLowerCase() === first.toLowerCase() &&
          x.lastName.toLowerCase() === last.toLowerCase(),
      );
      const params = {
        first_name: first,
        last_name: last,
        full_name: q.full_name ?? null,
        domain: q.domain ?? null,
        company: q.company ?? null,
        max_duration: null,
      };
      if (!p?.company)
        return fail(reply, 404, 'email_not_found', 'No email address was found for this person.');
      return reply.send({
        data: {
          ...blankShape(ctx.shapes.hunterEmailFinder.data as JsonObject, true),
          first_name: p.firstName,
          last_name: p.lastName,
          email: p.workEmail,
          score: 91,
          domain: p.company.domain,
          accept_all: false,
          position: p.title,
          twitter: p.xUsername,
          linkedin_url: `https://www.linkedin.com/in/${p.linkedinSlug}`,
          phone_number: null,
          company: p.company.name,
          sources: [source(p)],
          verification: { date: today(), status: 'valid' },
        },
        meta: { params },
      });
    });

    app.get('/v2/domain-search', async (req, reply) => {
      const q = queryOf(req);
      const domain = q.domain ?? q.company;
      if (!domain) return fail(reply, 400, 'wrong_params', 'You are missing the domain or company parameter');
      const limit = Math.min(100, Math.max(1, intParam(q.limit, 10)));
      const offset = Math.max(0, intParam(q.offset, 0));
      const people = byDomain(domain);
      const company = people[0]?.company;
      const shape = blankShape(ctx.shapes.hunterDomainSearch.data as JsonObject, true);
      const emails = people.slice(offset, offset + limit).map((p) => ({
        ...blankShape(ctx.shapes.hunterDomainEmail, true),
        value: p.workEmail,
        type: 'personal',
        confidence: 90,
        sources: [source(p)],
        first_name: p.firstName,
        last_name: p.lastName,
        position: p.title,
        seniority: /head|vp|chief|founder|cto|director/i.test(p.title) ? 'executive' : 'senior',
        department: /sales|revops|sdr|account/i.test(p.title) ? 'sales' : 'management',
        linkedin: `https://www.linkedin.com/in/${p.linkedinSlug}`,
        twitter: p.xUsername,
        phone_number: null,
        verification: { date: today(), status: 'valid' },
      }));
      return reply.send({
        data: {
          ...shape,
          domain: company?.domain ?? domain,
          disposable: false,
          webmail: false,
          accept_all: false,
          pattern: company ? '{first}' : null,
          organization: company?.name ?? null,
          description: company ? `${company.name} (${company.industry}).` : null,
          industry: company?.industry ?? null,
          linkedin: company ? `https://linkedin.com/company/${company.linkedinSlug}` : null,
          twitter: company ? `https://twitter.com/${company.linkedinSlug.replace(/-/g, '')}` : null,
          facebook: company ? `https://facebook.com/${company.linkedinSlug}` : null,
          youtube: company ? `https://youtube.com/@${company.linkedinSlug}` : null,
          state: company ? 'CA' : null,
          postal_code: company ? '94107' : null,
          street: company ? '100 Market Street' : null,
          technologies: [],
          country: company ? 'US' : null,
          emails,
          linked_domains: [],
        },
        meta: {
          results: people.length,
          limit,
          offset,
          params: {
            domain: q.domain ?? null,
            company: q.company ?? null,
            type: q.type ?? null,
            seniority: null,
            department: null,
          },
        },
      });
    });
  }
  return { name: 'hunter', register, errors };
}
