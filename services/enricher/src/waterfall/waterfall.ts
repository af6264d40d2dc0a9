import type { Platform } from '@intent-radar/proto-schemas';
import { ContactDraft, FIELD, weaker, type Confidence, type ContactFields } from '../contact.ts';
import { ProviderError } from '../errors.ts';
import type { BrightData } from '../providers/brightdata.ts';
import type { Hunter } from '../providers/hunter.ts';
import type { PlatformProfiles } from '../providers/platform-profile.ts';
import type { SerpApi } from '../providers/serpapi.ts';
import { domainMatchesCompany, guessDomainFromName, isSharedHost, registrableDomain } from './company-domain.ts';
import { canonicalLinkedinProfile, readProfileText, splitPersonName, type ProfileCues } from './profile-text.ts';

/** The platform author as the post shows them. */
export interface AuthorRef {
  platform: Platform;
  handle: string;
  displayName?: string | null;
  profileUrl?: string | null;
}

export interface Providers {
  profiles: PlatformProfiles;
  serpapi: SerpApi;
  brightdata: BrightData;
  hunter: Hunter;
}

export interface WaterfallOptions {
  /** Allow the "<company>.com" last resort (always labelled guessed). */
  allowDomainGuess: boolean;
  signal?: AbortSignal;
  /** Called between steps and during long waits (keeps the bus message alive). */
  onProgress?: () => void;
}

export interface WaterfallResult {
  fields: ContactFields;
  /** Providers that could not answer; each one is also in reasons. */
  failures: ProviderError[];
  /** Why a step failed or was skipped, without personal data. */
  reasons: string[];
  /** Provider names actually called, in order (metrics, tests). */
  calls: string[];
}

interface DomainCandidate {
  domain: string;
  source: string;
  confidence: Confidence;
}

/**
 * Finds the author, cheapest and most trustworthy source first, recording the source and the
 * confidence of every field: platform profile -> SerpAPI (LinkedIn by name + company) -> Bright
 * Data profile -> Hunter with the company's real domain -> pattern guess. A provider failure
 * becomes a reason and the waterfall continues with what it has.
 */
export async function runWaterfall(author: AuthorRef, providers: Providers, opts: WaterfallOptions): Promise<WaterfallResult> {
  const draft = new ContactDraft();
  const failures: ProviderError[] = [];
  const reasons: string[] = [];
  const calls: string[] = [];
  const websites: { url: string; source: string; confidence: Confidence }[] = [];
  const signal = opts.signal;

  const attempt = async <T>(provider: string, fn: () => Promise<T>): Promise<T | undefined> => {
    opts.onProgress?.();
    calls.push(provider);
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      failures.push(err);
      reasons.push(err.message);
      return undefined;
    }
  };
  const setName = (name: string | null | undefined, source: string, confidence: Confidence) => {
    const split = splitPersonName(name ?? undefined);
    if (!split || !name) return;
    draft.set(FIELD.fullName, name.trim(), source, confidence);
    draft.set(FIELD.firstName, split.first, source, confidence);
    draft.set(FIELD.lastName, split.last, source, confidence);
  };
  const applyCues = (cues: ProfileCues, source: string, confidence: Confidence) => {
    // Something the author published about themselves: likely theirs, not verified deliverable.
    draft.set(FIELD.email, cues.emails[0], source, weaker(confidence, 'likely'));
    const linkedin = cues.linkedinUrls[0];
    if (linkedin) draft.set(FIELD.linkedinUrl, linkedin, source, confidence);
    draft.set(FIELD.company, cues.company, source, weaker(confidence, 'likely'));
    draft.set(FIELD.title, cues.title, source, weaker(confidence, 'likely'));
    for (const url of cues.websites) {
      const domain = registrableDomain(url);
      if (domain && !isSharedHost(domain)) websites.push({ url, source, confidence: weaker(confidence, 'likely') });
    }
  };

  // 0. What the post itself tells: a LinkedIn author is their profile.
  if (author.platform === 'linkedin') {
    const url = canonicalLinkedinProfile(author.profileUrl ?? '') ?? canonicalLinkedinProfile(`https://www.linkedin.com/in/${author.handle}`);
    draft.set(FIELD.linkedinUrl, url, 'linkedin_post', 'verified');
    setName(author.displayName, 'linkedin_post', 'likely');
  } else {
    setName(author.displayName, `${author.platform}_post`, 'likely');
  }

  // 1. The author's profile on the platform they posted on.
  const profileSource = `${author.platform}_profile`;
  if (providers.profiles.enabled(author.platform)) {
    const profile = await attempt(author.platform, () => providers.profiles.fetch(author.platform, author.handle, signal));
    if (profile) {
      setName(profile.displayName, profileSource, 'likely');
      draft.set(FIELD.location, profile.location, profileSource, 'likely');
      applyCues(readProfileText([profile.bio ?? '', ...profile.links].join('\n')), profileSource, 'verified');
    } else if (profile === null) {
      reasons.push(`${author.platform}: no public profile for this author`);
    }
  } else if (author.platform !== 'linkedin') {
    reasons.push(`${author.platform}: profile lookup not configured`);
  }

  // 2. SerpAPI: the LinkedIn profile, searched by real name and company, never by the bare username.
  const name = () => draft.get(FIELD.fullName);
  if (!draft.has(FIELD.linkedinUrl)) {
    if (!name()) reasons.push('serpapi: skipped, no real name to search for');
    else if (!providers.serpapi.enabled) reasons.push('serpapi: not configured');
    else {
      const company = draft.get(FIELD.company);
      const q = `"${name()}"${company ? ` "${company}"` : ''} site:linkedin.com/in`;
      const results = await attempt('serpapi', () => providers.serpapi.search(q, signal));
      const wanted = normalize(name() ?? '');
      const location = draft.get(FIELD.location)?.split(',')[0];
      for (const r of results ?? []) {
        const url = canonicalLinkedinProfile(r.link);
        if (!url || !normalize(r.title).includes(wanted)) continue;
        const text = normalize(`${r.title} ${r.snippet}`);
        const corroborated = (company && text.includes(normalize(company))) || (location && text.includes(normalize(location)));
        draft.set(FIELD.linkedinUrl, url, 'serpapi', corroborated ? 'likely' : 'guessed');
        break;
      }
      if (results && !draft.has(FIELD.linkedinUrl)) reasons.push('serpapi: no matching LinkedIn profile');
    }
  }

  // 3. Bright Data: read the LinkedIn profile (async snapshot with a deadline).
  const linkedinUrl = draft.get(FIELD.linkedinUrl);
  if (linkedinUrl) {
    if (!providers.brightdata.enabled) reasons.push('brightdata: not configured');
    else {
      // Facts read from a profile are as trustworthy as our belief that it is the author's profile.
      const trust = draft.confidence(FIELD.linkedinUrl);
      const onWait = opts.onProgress;
      const profile = await attempt('brightdata', () => providers.brightdata.scrapeProfile(linkedinUrl, { ...(signal ? { signal } : {}), ...(onWait ? { onWait } : {}) }));
      if (profile) {
        if (profile.firstName && profile.lastName && profile.name) {
          draft.set(FIELD.fullName, profile.name, 'brightdata', trust);
          draft.set(FIELD.firstName, profile.firstName, 'brightdata', trust);
          draft.set(FIELD.lastName, profile.lastName, 'brightdata', trust);
        } else setName(profile.name, 'brightdata', trust);
        draft.set(FIELD.company, profile.company, 'brightdata', trust);
        const title = profile.position && profile.company ? profile.position.replace(new RegExp(`\\s+at\\s+${escapeRegExp(profile.company)}$`, 'i'), '') : profile.position;
        draft.set(FIELD.title, title, 'brightdata', trust);
        draft.set(FIELD.location, profile.location, 'brightdata', trust);
        applyCues(readProfileText([profile.about ?? '', ...profile.links].join('\n')), 'brightdata', trust);
      } else if (profile === null) reasons.push('brightdata: profile page not available');
    }
  }

  // The company's real domain: a work email, the author's own website, or the company's page in search results.
  const company = draft.get(FIELD.company);
  const domain = await findCompanyDomain();
  if (domain) draft.set(FIELD.companyDomain, domain.domain, domain.source, domain.confidence);
  const firstWebsite = websites[0];
  if (firstWebsite) draft.set(FIELD.website, firstWebsite.url, firstWebsite.source, firstWebsite.confidence);

  // 4. Hunter email-finder at that domain.
  const first = draft.get(FIELD.firstName);
  const last = draft.get(FIELD.lastName);
  if (!draft.has(FIELD.email, 'likely') && first && last && domain) {
    if (!providers.hunter.enabled) reasons.push('hunter: not configured');
    else {
      const d = domain;
      const found = await attempt('hunter', () => providers.hunter.findEmail(d.domain, first, last, signal));
      if (found) {
        let confidence: Confidence = found.verification === 'valid' && !found.acceptAll ? 'verified' : found.score >= 70 ? 'likely' : 'guessed';
        // Same name at a guessed domain may be somebody else.
        if (d.confidence === 'guessed') confidence = weaker(confidence, 'likely');
        draft.set(FIELD.email, found.email, 'hunter', confidence);
        draft.set(FIELD.title, found.position, 'hunter', 'likely');
        if (found.linkedinUrl) draft.set(FIELD.linkedinUrl, canonicalLinkedinProfile(found.linkedinUrl), 'hunter', 'likely');
      } else if (found === null) reasons.push('hunter: no email found at the company domain');
    }
  }

  // 5. Pattern guess, last and labelled as such.
  if (!draft.has(FIELD.email) && first && last && domain) {
    const local = [first, last].map(asciiLower).filter((x) => x.length > 0).join('.');
    if (local.includes('.')) draft.set(FIELD.email, `${local}@${domain.domain}`, 'pattern_guess', 'guessed');
  }

  return { fields: draft.fields, failures, reasons: reasons.slice(0, 20), calls };

  async function findCompanyDomain(): Promise<DomainCandidate | undefined> {
    const candidates: DomainCandidate[] = [];
    const email = draft.fields[FIELD.email];
    const emailDomain = email ? registrableDomain(email.value.split('@')[1] ?? '') : undefined;
    if (email && emailDomain && !isSharedHost(emailDomain)) candidates.push({ domain: emailDomain, source: email.source, confidence: weaker(email.confidence, 'likely') });
    for (const w of websites) {
      const d = registrableDomain(w.url);
      if (!d) continue;
      if (company && domainMatchesCompany(d, company)) candidates.push({ domain: d, source: w.source, confidence: w.confidence });
      // Without a known employer the author's own site may still be their company's.
      else if (!company) candidates.push({ domain: d, source: w.source, confidence: 'guessed' });
    }
    const best = candidates.find((c) => c.confidence !== 'guessed') ?? candidates[0];
    if (best && best.confidence !== 'guessed') return best;
    // The company's own page in search results, found by the person's name and company.
    if (company && name() && providers.serpapi.enabled) {
      const results = await attempt('serpapi', () => providers.serpapi.search(`"${name()}" "${company}"`, signal));
      for (const r of results ?? []) {
        const d = registrableDomain(r.link);
        if (d && !isSharedHost(d) && domainMatchesCompany(d, company)) return { domain: d, source: 'serpapi', confidence: 'likely' };
      }
    }
    if (best) return best;
    const guess = company && opts.allowDomainGuess ? guessDomainFromName(company) : undefined;
    if (guess) {
      reasons.push('company domain: no real domain found; guessed from the company name');
      return { domain: guess, source: 'domain_guess', confidence: 'guessed' };
    }
    return undefined;
  }
}

function normalize(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ').trim();
}

function asciiLower(text: string): string {
  return normalize(text).replace(/[^a-z0-9-]/g, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
