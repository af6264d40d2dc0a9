/**
 * Finding a company's real email domain. The seed guessed "<name>.com"; here a domain comes from
 * something the author or a search result shows (their website, a work email, the company's page)
 * and the guess is only a labelled last resort.
 */

// Hosts that never identify an employer: social networks, link hubs, blogs and webmail.
const NOT_A_COMPANY = new Set([
  'linkedin.com', 'x.com', 'twitter.com', 'github.com', 'gitlab.com', 'medium.com', 'substack.com', 'reddit.com',
  'ycombinator.com', 'facebook.com', 'instagram.com', 'youtube.com', 'tiktok.com', 'threads.net', 'bsky.app',
  'mastodon.social', 'linktr.ee', 'about.me', 't.co', 'bit.ly', 'notion.site', 'wordpress.com', 'blogspot.com',
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'yahoo.com', 'icloud.com', 'me.com',
  'proton.me', 'protonmail.com', 'fastmail.com', 'aol.com', 'gmx.com', 'gmx.de', 'hey.com', 'zoho.com', 'mail.com',
  'google.com', 'apple.com', 'hn.algolia.com', 'news.ycombinator.com', 'wikipedia.org',
]);
// Second-level labels under which the registrable domain has three labels (example.co.uk).
const SHORT_SLD = new Set(['co', 'com', 'net', 'org', 'ac', 'gov', 'edu']);
const GENERIC_WORDS = new Set(['inc', 'llc', 'ltd', 'gmbh', 'sa', 'ag', 'co', 'corp', 'company', 'the', 'and', 'group', 'hq']);

/** "https://www.team.brightlane-labs.io/x" -> "brightlane-labs.io"; undefined when not a usable host. */
export function registrableDomain(urlOrHost: string): string | undefined {
  let host: string;
  try {
    host = new URL(/^https?:\/\//i.test(urlOrHost) ? urlOrHost : `https://${urlOrHost}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (!host.includes('.') || /^[\d.]+$/.test(host) || host.includes(':')) return undefined;
  const labels = host.split('.');
  const sld = labels[labels.length - 2] ?? '';
  const take = SHORT_SLD.has(sld) && labels.length >= 3 && (labels[labels.length - 1]?.length ?? 0) === 2 ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** True for hosts of social networks, link hubs and webmail: never an employer's domain. */
export function isSharedHost(domain: string): boolean {
  return NOT_A_COMPANY.has(domain) || [...NOT_A_COMPANY].some((d) => domain.endsWith(`.${d}`));
}

function companyTokens(company: string): string[] {
  return company
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9& ]/g, ' ')
    .split(/[\s&]+/)
    .filter((t) => t.length > 0 && !GENERIC_WORDS.has(t));
}

/** Whether a domain plausibly belongs to the company: "northpeaksec.com" for "Northpeak Security". */
export function domainMatchesCompany(domain: string, company: string): boolean {
  const label = (domain.split('.')[0] ?? '').replace(/[^a-z0-9]/g, '');
  const tokens = companyTokens(company);
  const first = tokens[0];
  if (!first || label.length < 3) return false;
  const compact = tokens.join('');
  if (first.length >= 4 && label.includes(first)) return true;
  return label.length >= 4 && (compact.includes(label) || label.includes(compact));
}

/** The last resort: "Brightlane Labs" -> "brightlanelabs.com". Always labelled guessed. */
export function guessDomainFromName(company: string): string | undefined {
  const compact = companyTokens(company).join('');
  return compact.length >= 3 ? `${compact}.com` : undefined;
}
