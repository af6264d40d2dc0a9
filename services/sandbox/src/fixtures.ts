import { readFileSync } from 'node:fs';
import path from 'node:path';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Raised at start-up when the fixtures folder is missing or a capture is unreadable. */
export class FixtureError extends Error {
  readonly code = 'SANDBOX_FIXTURE_MISSING';
}

/**
 * Record shapes taken from the real captures at run time. Only the key sets and value types are
 * used: values are blanked and every record's content comes from the scenario.
 */
export interface FixtureShapes {
  redditPost: JsonObject;
  redditComment: JsonObject;
  redditUser: JsonObject;
  linkedinPost: JsonObject;
  linkedinProfile: JsonObject;
  hunterEmailFinder: JsonObject;
  hunterDomainSearch: JsonObject;
  hunterDomainEmail: JsonObject;
  serpEnvelope: JsonObject;
  serpOrganicResult: JsonObject;
  stripeCheckoutSession: JsonObject;
  stripeSubscription: JsonObject;
}

/** Reads one capture; strips the `_capture` wrapper (PRAW cassette style) when present. */
export function readFixture(dir: string, rel: string): Json {
  const file = path.join(dir, rel);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new FixtureError(
      `fixture ${file} unreadable (set SANDBOX_FIXTURES_DIR): ${(err as Error).message}`,
    );
  }
  const parsed = JSON.parse(raw) as Json;
  if (isObject(parsed) && '_capture' in parsed && 'body' in parsed) return parsed.body ?? null;
  return parsed;
}

export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objectAt(value: Json, pathKeys: (string | number)[], what: string): JsonObject {
  let cur: Json | undefined = value;
  for (const k of pathKeys) {
    if (typeof k === 'number') cur = Array.isArray(cur) ? cur[k] : undefined;
    else cur = isObject(cur) ? cur[k] : undefined;
  }
  if (!isObject(cur)) throw new FixtureError(`fixture shape ${what} not found`);
  return cur;
}

/**
 * Same keys, neutral values: strings -> "" (or null with `nulls`), numbers -> 0, arrays -> [],
 * objects recursively; booleans and nulls kept. Captured people and text never leak out.
 */
export function blankShape(value: JsonObject, nulls = false): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = blankValue(v, nulls);
  return out;
}

function blankValue(v: Json, nulls: boolean): Json {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return nulls ? null : 0;
  if (typeof v === 'string') return nulls ? null : '';
  if (Array.isArray(v)) return [];
  return blankShape(v, nulls);
}

/** Loads every shape the fakes need from the fixtures folder. */
export function loadFixtureShapes(dir: string): FixtureShapes {
  const hunterDomain = readFixture(dir, 'hunter/domain_search.stripe.2023.trimmed.json');
  const serp = readFixture(dir, 'serpapi/google_search.texas_black_boutiques.2023.trimmed.json');
  return {
    redditPost: objectAt(
      readFixture(dir, 'reddit/listing_t3.r_popular_hot.2026.json'),
      ['data', 'children', 0, 'data'],
      'reddit t3',
    ),
    redditComment: objectAt(
      readFixture(dir, 'reddit/listing_t1.r_sub_comments.2023.json'),
      ['data', 'children', 0, 'data'],
      'reddit t1',
    ),
    redditUser: objectAt(readFixture(dir, 'reddit/user_about.2025.json'), ['data'], 'reddit t2'),
    linkedinPost: objectAt(
      readFixture(dir, 'brightdata/snapshot_linkedin_post.company_discovery.json'),
      [0],
      'linkedin post',
    ),
    linkedinProfile: objectAt(
      readFixture(dir, 'brightdata/snapshot_linkedin_profile.docs_example.json'),
      [0],
      'linkedin profile',
    ),
    hunterEmailFinder: objectAt(
      readFixture(dir, 'hunter/email_finder.reddit_alexis.2023.json'),
      [],
      'hunter email finder',
    ),
    hunterDomainSearch: objectAt(hunterDomain, [], 'hunter domain search'),
    hunterDomainEmail: objectAt(hunterDomain, ['data', 'emails', 0], 'hunter domain email'),
    serpEnvelope: objectAt(serp, [], 'serpapi envelope'),
    serpOrganicResult: objectAt(serp, ['organic_results', 0], 'serpapi organic result'),
    stripeCheckoutSession: objectAt(
      readFixture(dir, 'stripe/checkout.session.completed.event_data.pay-rails.json'),
      ['object'],
      'stripe checkout',
    ),
    stripeSubscription: objectAt(
      readFixture(dir, 'stripe/subscription.updated.event_data.pay-rails.json'),
      ['object'],
      'stripe subscription',
    ),
  };
}
