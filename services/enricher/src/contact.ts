import type { EventData } from '@intent-radar/proto-schemas';

export type Confidence = 'verified' | 'likely' | 'guessed' | 'none';
export type ContactField = EventData<'signal.enriched.v1'>['fields'][string];
export type ContactFields = Record<string, ContactField>;
export type EnrichStatus = EventData<'signal.enriched.v1'>['status'];

/** Field names the waterfall fills (keys of `fields` in signal.enriched and enriched_contacts). */
export const FIELD = {
  fullName: 'fullName',
  firstName: 'firstName',
  lastName: 'lastName',
  title: 'title',
  company: 'company',
  companyDomain: 'companyDomain',
  website: 'website',
  location: 'location',
  linkedinUrl: 'linkedinUrl',
  email: 'email',
} as const;
export type FieldName = (typeof FIELD)[keyof typeof FIELD];

const RANK: Record<Confidence, number> = { none: 0, guessed: 1, likely: 2, verified: 3 };

/** True when a is at least as strong as b. */
export function atLeast(a: Confidence, b: Confidence): boolean {
  return RANK[a] >= RANK[b];
}

/** The weaker of two confidences (a fact derived from a guess is a guess). */
export function weaker(a: Confidence, b: Confidence): Confidence {
  return RANK[a] <= RANK[b] ? a : b;
}

/**
 * The contact being assembled by the waterfall: each field keeps the value with the strongest
 * confidence seen so far, with the source that produced it.
 */
export class ContactDraft {
  readonly fields: ContactFields = {};

  constructor(initial: ContactFields = {}) {
    Object.assign(this.fields, initial);
  }

  /** Records a value; ignored when empty or weaker than what is known. Returns true when it was kept. */
  set(name: FieldName, value: string | null | undefined, source: string, confidence: Confidence): boolean {
    const v = value?.trim();
    if (!v || confidence === 'none') return false;
    const current = this.fields[name];
    if (current && RANK[current.confidence] >= RANK[confidence]) return false;
    this.fields[name] = { value: v.slice(0, 2000), source, confidence };
    return true;
  }

  get(name: FieldName): string | undefined {
    return this.fields[name]?.value;
  }

  confidence(name: FieldName): Confidence {
    return this.fields[name]?.confidence ?? 'none';
  }

  has(name: FieldName, min: Confidence = 'guessed'): boolean {
    return this.fields[name] !== undefined && atLeast(this.confidence(name), min);
  }
}

/** An email or LinkedIn profile we stand behind (likely or better): what a salesperson can use. */
export function isReachable(fields: ContactFields): boolean {
  const email = fields[FIELD.email];
  const linkedin = fields[FIELD.linkedinUrl];
  return (email !== undefined && atLeast(email.confidence, 'likely')) || (linkedin !== undefined && atLeast(linkedin.confidence, 'likely'));
}

export function emailConfidenceOf(fields: ContactFields): Confidence {
  return fields[FIELD.email]?.confidence ?? 'none';
}

/** complete = reachable and every provider answered; partial = something found; failed = nothing. */
export function statusOf(fields: ContactFields, providerFailures: number): Exclude<EnrichStatus, 'refused'> {
  if (Object.keys(fields).length === 0) return 'failed';
  return isReachable(fields) && providerFailures === 0 ? 'complete' : 'partial';
}
