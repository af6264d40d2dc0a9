import { Prng } from './prng.ts';
import type { Company, Persona } from './types.ts';

// Invented companies; the domains are only ever answered by the sandbox's Hunter/SerpAPI fakes.
const COMPANIES: readonly Omit<Company, 'linkedinSlug'>[] = [
  { name: 'Brightlane Labs', domain: 'brightlane-labs.io', industry: 'Software Development', size: '11-50' },
  { name: 'Tidewater Freight', domain: 'tidewaterfreight.com', industry: 'Logistics', size: '51-200' },
  { name: 'Quillstone', domain: 'quillstone.co', industry: 'Marketing Services', size: '2-10' },
  {
    name: 'Northpeak Security',
    domain: 'northpeaksec.com',
    industry: 'Computer and Network Security',
    size: '51-200',
  },
  {
    name: 'Copperleaf Health',
    domain: 'copperleafhealth.com',
    industry: 'Hospitals and Health Care',
    size: '201-500',
  },
  { name: 'Fernhill Analytics', domain: 'fernhill-analytics.com', industry: 'IT Services', size: '11-50' },
  { name: 'Saltmarsh Studio', domain: 'saltmarsh.studio', industry: 'Design Services', size: '2-10' },
  { name: 'Redwing Payroll', domain: 'redwingpayroll.com', industry: 'Financial Services', size: '51-200' },
  { name: 'Glasswork HR', domain: 'glassworkhr.com', industry: 'Human Resources Services', size: '11-50' },
  {
    name: 'Orchard Robotics Supply',
    domain: 'orchardrs.com',
    industry: 'Industrial Automation',
    size: '201-500',
  },
  { name: 'Lumenfold', domain: 'lumenfold.ai', industry: 'Software Development', size: '11-50' },
  { name: 'Harbor & Pike Realty', domain: 'harborpike.com', industry: 'Real Estate', size: '11-50' },
  {
    name: 'Kestrel Cloudworks',
    domain: 'kestrelcloud.dev',
    industry: 'Software Development',
    size: '51-200',
  },
  { name: 'Meadowbrook Learning', domain: 'meadowbrooklearning.org', industry: 'E-Learning', size: '11-50' },
  { name: 'Ironbark Manufacturing', domain: 'ironbarkmfg.com', industry: 'Manufacturing', size: '501-1000' },
  {
    name: 'Vantapoint Recruiting',
    domain: 'vantapoint.io',
    industry: 'Staffing and Recruiting',
    size: '2-10',
  },
];

const FIRST = [
  'Maya',
  'Jonas',
  'Priya',
  'Lucas',
  'Aisha',
  'Tom',
  'Elena',
  'Kenji',
  'Sofia',
  'Marcus',
  'Hannah',
  'Diego',
  'Nora',
  'Omar',
  'Grace',
  'Felix',
  'Ingrid',
  'Raj',
  'Chloe',
  'Mateo',
  'Yuki',
  'Ben',
  'Zara',
  'Liam',
  'Fatima',
  'Owen',
  'Clara',
  'Samir',
  'Leah',
  'Viktor',
];
const LAST = [
  'Okafor',
  'Lindqvist',
  'Raman',
  'Moreau',
  'Haddad',
  'Whitfield',
  'Petrova',
  'Tanaka',
  'Castillo',
  'Brennan',
  'Schultz',
  'Alvarez',
  'Kowalski',
  'Nakamura',
  'Fitzgerald',
  'Osei',
  'Varga',
  'Mehta',
  'Dubois',
  'Ferreira',
  'Holm',
  'Adeyemi',
  'Quinn',
  'Sato',
];
const TITLES = [
  'Head of Sales',
  'VP Sales',
  'Founder',
  'Co-founder & CEO',
  'RevOps Lead',
  'Sales Operations Manager',
  'Account Executive',
  'SDR Manager',
  'Growth Marketer',
  'CTO',
  'Customer Success Lead',
  'Software Engineer',
  'Marketing Director',
  'Operations Manager',
];
const LOCATIONS = [
  'Austin, Texas, United States',
  'Berlin, Germany',
  'London, England, United Kingdom',
  'Toronto, Ontario, Canada',
  'Lisbon, Portugal',
  'Denver, Colorado, United States',
  'Bengaluru, Karnataka, India',
  'Madrid, Spain',
  'Chicago, Illinois, United States',
  'Sydney, New South Wales, Australia',
];
const HOBBIES = [
  'trail running',
  'sourdough',
  'chess',
  'climbing',
  'vinyl records',
  'woodworking',
  'cycling',
  'board games',
];

const X_EPOCH_MS = 1288834974657;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Builds the persona pool for a seed; the same seed yields the same people. */
export function buildPersonas(seed: number, count: number, nowMs: number): Persona[] {
  const rng = new Prng(seed ^ 0x5eed);
  const companies: Company[] = COMPANIES.map((c) => ({ ...c, linkedinSlug: slug(c.name) }));
  const used = new Set<string>();
  const people: Persona[] = [];
  for (let i = 0; people.length < count && i < count * 10; i++) {
    const firstName = rng.pick(FIRST);
    const lastName = rng.pick(LAST);
    const key = `${firstName}-${lastName}`.toLowerCase();
    if (used.has(key)) continue;
    used.add(key);
    const hasCompany = rng.chance(0.7);
    const company = hasCompany ? rng.pick(companies) : null;
    const title = rng.pick(TITLES);
    const first = firstName.toLowerCase();
    const last = lastName.toLowerCase();
    const website =
      company && rng.chance(0.5)
        ? `https://${company.domain}`
        : rng.chance(0.2)
          ? `https://${first}${last}.dev`
          : null;
    const workEmail = company ? `${first}@${company.domain}` : null;
    const publicEmail = rng.chance(0.25) ? (workEmail ?? `${first}.${last}@fastmail.com`) : null;
    const hobby = rng.pick(HOBBIES);
    const bioParts = [company ? `${title} at ${company.name}` : `${title}, between things`];
    if (website) bioParts.push(website.replace('https://', ''));
    if (publicEmail) bioParts.push(`reach me: ${publicEmail}`);
    bioParts.push(`${hobby} on weekends`);
    const handleStyle = rng.int(0, 2);
    const redditName =
      handleStyle === 0
        ? `${firstName}_${lastName}${rng.int(1, 99)}`
        : handleStyle === 1
          ? `${last}${first.slice(0, 3)}`
          : `Throwaway-${firstName}${rng.int(100, 999)}`;
    const createdAtSec = Math.floor(nowMs / 1000) - rng.int(200, 4000) * 86400;
    const xIdMs = createdAtSec * 1000 - X_EPOCH_MS > 0 ? createdAtSec * 1000 - X_EPOCH_MS : rng.int(1, 1e9);
    people.push({
      key,
      firstName,
      lastName,
      fullName: `${firstName} ${lastName}`,
      redditName,
      hnId: `${first.slice(0, 1)}${last}${rng.int(1, 9)}`,
      xId: String((BigInt(xIdMs) << 22n) + BigInt(i)),
      xUsername: `${first}${last.slice(0, 4)}`.slice(0, 15),
      linkedinSlug: `${first}-${last}-${rng.int(1000, 9999).toString(16)}`,
      title,
      company,
      website,
      publicEmail,
      workEmail,
      bio: bioParts.join(' · '),
      location: rng.pick(LOCATIONS),
      createdAtSec,
      karma: rng.int(1, 25000),
      followers: rng.int(3, 12000),
    });
  }
  return people;
}
